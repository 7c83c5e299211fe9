/**
 * The pure half of import and export: which column means what (presets), what a row or a vCard
 * says about a contact (validated, with the file line it came from), how a duplicate is updated or
 * merged, and how a CSV cell is kept from being read as a spreadsheet formula.
 *
 * Header names and vCard parameters are user input: they are only ever keys of a Map, never of a
 * plain object, so a column called "__proto__" is just a column nobody maps.
 */
import { z } from 'zod';
import { contactInputSchema, reachableWindowSchema } from '../shared/contacts.js';
import { instantSchema } from '../shared/common.js';
import { importFields, type ImportField, type ImportPreset } from '../shared/dataTransfer.js';
import { canBuyValues, channels, interestLevels, relationships } from '../shared/vocabulary.js';
import { applyContactFields, markDoNotContact, type ContactFields } from './contacts.js';
import { AppError } from './errors.js';
import { validateWindows } from './reachableWindows.js';
import { describeOffsetChoice, parseUtcOffset, zoneForUtcOffset, type PostalAddress } from './offsetZone.js';
import { isValidTimeZone, assertTimeZone } from './time.js';
import type { Contact, Interaction } from './types.js';

// ---------------------------------------------------------------------------------------------
// Formula injection: a cell a spreadsheet would evaluate is prefixed with a single quote.

/** After any leading whitespace, these start a formula (with their full-width twins). */
const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** True when a spreadsheet could read the cell as a formula: = + - @, a tab or CR first, also after spaces. */
export function startsFormula(cell: string): boolean {
  return cell.startsWith('\t') || cell.startsWith('\r') || FORMULA_START.test(cell);
}

/**
 * Makes a cell inert by prefixing a single quote. Cells that already start with quotes before a
 * formula get one more, so that `restoreFormula` undoes exactly this and nothing else.
 */
export function neutraliseFormula(cell: string): string {
  return startsFormula(cell.replace(/^'+/, '')) ? `'${cell}` : cell;
}

/** The inverse of neutraliseFormula, for reading back the product's own export. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && startsFormula(cell.replace(/^'+/, '')) ? cell.slice(1) : cell;
}

// ---------------------------------------------------------------------------------------------
// Keys for duplicate detection and erasure suppression.

export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

/**
 * Digits only, with "+" kept for an international number ("00" counts as "+"). Formatting
 * differences ("+1 (212) 555-0100" vs "+1 212 555 0100") compare equal; fewer than 5 digits is no key.
 */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  // "+44 (0)20 …": the trunk zero in brackets is dialled only from inside the country.
  const trimmed = phone.trim().replace(/(?:ext\.?|x|#)\s*\d+$/i, '').replace(/\(0\)/g, '');
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5) return null;
  return international ? `+${digits}` : digits;
}

// ---------------------------------------------------------------------------------------------
// CSV: delimiter, header mapping presets.

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter the header row uses most, outside quotes; a comma when none is found. */
export function detectDelimiter(sample: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = counts.get(d) ?? 0;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** What a column can mean. */
export type { ImportField };

type Aliases = Array<[ImportField, string[]]>;

/** Lower case, letters and digits only: "E-mail 1 - Value" → "email1value". */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The columns of this product's contacts.csv export, in order. */
export const contactCsvColumns = [
  'id', 'name', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'relationship', 'interest', 'canBuy',
  'authority', 'buyingProcess', 'interests', 'reachable', 'doNotContact', 'doNotContactReason', 'doNotContactAt',
  'customerSince', 'purchaseDate', 'notes', 'createdAt', 'updatedAt',
] as const;

const followthroughAliases: Aliases = [
  ['name', ['name']], ['email', ['email']], ['phone', ['phone']], ['company', ['company']], ['title', ['title']],
  ['timeZone', ['timezone']], ['preferredChannel', ['preferredchannel']], ['relationship', ['relationship']],
  ['interest', ['interest']], ['canBuy', ['canbuy']], ['authority', ['authority']], ['buyingProcess', ['buyingprocess']],
  ['interests', ['interests']], ['reachable', ['reachable']], ['doNotContact', ['donotcontact']],
  ['doNotContactReason', ['donotcontactreason']], ['doNotContactAt', ['donotcontactat']],
  ['customerSince', ['customersince']], ['purchaseDate', ['purchasedate']], ['notes', ['notes']],
];

const presetAliases: Record<ImportPreset, Aliases> = {
  followthrough: followthroughAliases,
  // HubSpot's contact export: "Record ID", "First Name", "Last Name", "Email", "Phone Number", …
  hubspot: [
    ['name', ['fullname', 'name']], ['firstName', ['firstname']], ['lastName', ['lastname']],
    ['email', ['email', 'emailaddress', 'workemail']], ['phone', ['phonenumber', 'mobilephonenumber', 'phone']],
    ['company', ['companyname', 'associatedcompany', 'company']], ['title', ['jobtitle']],
    ['timeZone', ['timezone', 'hstimezone']], ['relationship', ['lifecyclestage']], ['notes', ['notes']],
  ],
  // Pipedrive's people export: "Person - Name", "Person - Email - Work", "Person - Organization", …
  pipedrive: [
    ['name', ['personname', 'name']], ['firstName', ['personfirstname', 'firstname']], ['lastName', ['personlastname', 'lastname']],
    ['email', ['personemailwork', 'emailwork', 'personemail', 'email', 'personemailhome', 'emailhome', 'personemailother', 'emailother']],
    ['phone', ['personphonework', 'phonework', 'personphonemobile', 'phonemobile', 'personphone', 'phone', 'personphonehome', 'phonehome', 'personphoneother', 'phoneother']],
    ['company', ['personorganization', 'organization', 'personorganizationname', 'organizationname']],
    ['title', ['personjobtitle', 'jobtitle', 'persontitle']], ['relationship', ['personlabel', 'label']],
    ['notes', ['personnotes', 'notes', 'personnote']],
  ],
  // Google Contacts (both the current and the older "Outlook-like" Google CSV).
  google: [
    ['name', ['name']], ['firstName', ['firstname', 'givenname']], ['middleName', ['middlename', 'additionalname']],
    ['lastName', ['lastname', 'familyname']], ['email', ['email1value', 'email2value', 'email3value']],
    ['phone', ['phone1value', 'phone2value', 'phone3value']], ['company', ['organizationname', 'organization1name']],
    ['title', ['organizationtitle', 'organization1title']], ['notes', ['notes']],
  ],
};

/** Common spreadsheet headers, used when no preset is given and none is recognised. */
const genericAliases: Aliases = [
  ['name', ['name', 'fullname', 'contactname', 'displayname', 'contact']],
  ['firstName', ['firstname', 'givenname', 'first']], ['middleName', ['middlename']],
  ['lastName', ['lastname', 'surname', 'familyname', 'last']],
  ['email', ['email', 'emailaddress', 'mail', 'workemail', 'email1value']],
  ['phone', ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'workphone', 'phone1value']],
  ['company', ['company', 'companyname', 'organization', 'organisation', 'organizationname', 'account', 'accountname']],
  ['title', ['title', 'jobtitle', 'position']],
  ['timeZone', ['timezone', 'tz', 'zone']],
  ['notes', ['notes', 'note', 'comments', 'comment', 'description']],
  ...followthroughAliases.filter(([field]) => !['name', 'email', 'phone', 'company', 'title', 'timeZone', 'notes'].includes(field)),
];

export interface HeaderMapping {
  preset: ImportPreset | null;
  /** For each field, the columns that may hold it, best first: the first non-empty one wins. */
  columns: Map<ImportField, number[]>;
  width: number;
  /** Headers no field uses (shown in the report, never used as keys of anything). */
  ignored: string[];
}

/** Recognises another tool's export from its header row. */
export function detectPreset(header: string[]): ImportPreset | null {
  const names = new Set(header.map(normalizeHeader));
  if (names.has('donotcontact') && names.has('canbuy') && names.has('timezone')) return 'followthrough';
  if (header.some((h) => /^\s*person\s*-/i.test(h))) return 'pipedrive';
  if (names.has('email1value') || names.has('phone1value') || names.has('givenname') || names.has('organization1name')) return 'google';
  if (names.has('recordid') && (names.has('firstname') || names.has('lifecyclestage'))) return 'hubspot';
  return null;
}

function mapHeaderLeniently(header: string[], preset: ImportPreset | null): HeaderMapping {
  const aliases = preset ? presetAliases[preset] : genericAliases;
  const normalized = header.map(normalizeHeader);
  const columns = new Map<ImportField, number[]>();
  const used = new Set<number>();
  for (const [field, names] of aliases) {
    const indexes: number[] = [];
    for (const name of names) {
      normalized.forEach((h, index) => {
        if (h === name && !indexes.includes(index)) indexes.push(index);
      });
    }
    if (indexes.length > 0) {
      columns.set(field, indexes);
      for (const index of indexes) used.add(index);
    }
  }
  const ignored = header.filter((h, index) => !used.has(index) && h.trim() !== '');
  return { preset, columns, width: header.length, ignored };
}

export function mapHeader(header: string[], preset: ImportPreset | null): HeaderMapping {
  const mapping = mapHeaderLeniently(header, preset);
  if (!NAME_FIELDS.some((field) => mapping.columns.has(field))) throw noNameColumn(header, preset);
  return mapping;
}

const NAME_FIELDS: ImportField[] = ['name', 'firstName', 'lastName'];

function noNameColumn(header: string[], preset: ImportPreset | null): AppError {
  const shown = header.slice(0, 20).map((h) => JSON.stringify(h.slice(0, 60))).join(', ');
  return AppError.invalid('file', `no column holds the name${preset ? ` for the ${preset} preset` : ''}; the header row has: ${shown || '(nothing)'}`);
}

/** "name,email,,phone" → the field of each column (null: ignored); an unknown field name is refused. */
export function parseColumnChoice(text: string): Array<ImportField | null> {
  const known = new Set<string>(importFields);
  return text.split(',').map((part) => {
    const field = part.trim();
    if (field === '') return null;
    if (!known.has(field)) throw AppError.invalid('columns', `"${field.slice(0, 40)}" is not a field a column can hold`);
    return field as ImportField;
  });
}

/** The user's own choice of what each column holds, instead of a preset's. */
export function mapChosenColumns(header: string[], chosen: Array<ImportField | null>, preset: ImportPreset | null): HeaderMapping {
  if (chosen.length > header.length) {
    throw AppError.invalid('columns', `${chosen.length} columns were chosen but the file's header row has ${header.length}; was it another file?`);
  }
  const columns = new Map<ImportField, number[]>();
  chosen.forEach((field, index) => {
    if (field) columns.set(field, [...(columns.get(field) ?? []), index]);
  });
  if (!NAME_FIELDS.some((field) => columns.has(field))) throw AppError.invalid('columns', 'choose the column that holds the name (or the first and last name)');
  const ignored = header.filter((h, index) => !chosen[index] && h.trim() !== '');
  return { preset, columns, width: header.length, ignored };
}

/** The field each column is read as (null: ignored), in column order. */
export function fieldsByColumn(mapping: HeaderMapping): Array<ImportField | null> {
  const fields: Array<ImportField | null> = Array.from({ length: mapping.width }, () => null);
  for (const [field, indexes] of mapping.columns) {
    for (const index of indexes) if (fields[index] === null) fields[index] = field;
  }
  return fields;
}

/** What the header row maps to, without refusing a header that names no name column (the user may choose one). */
export function describeHeader(header: string[], preset: ImportPreset | null): { fields: Array<ImportField | null>; problem: string | null } {
  const fields = fieldsByColumn(mapHeaderLeniently(header, preset));
  const problem = NAME_FIELDS.some((field) => fields.includes(field)) ? null : 'No column holds the name: choose the column that holds it (or the first and last name).';
  return { fields, problem };
}

// ---------------------------------------------------------------------------------------------
// Rows and cards → validated contact fields.

export interface ImportCandidate {
  line: number;
  fields: ContactFields & { name: string };
  doNotContact: { reason: string; at: string | null } | null;
  emailKey: string | null;
  phoneKey: string | null;
  /** What the import had to assume to keep the row (a zone for a UTC offset), in words for the report. */
  assumptions: string[];
}

export type RowOutcome =
  | { kind: 'candidate'; candidate: ImportCandidate }
  | { kind: 'rejected'; line: number; reason: string }
  | { kind: 'blank' };

/** Raw text values found for one contact, before validation. */
type RawFields = Partial<Record<ImportField, string>>;

export interface RowContext {
  /** The import's preset: presets convert their tools' own values (HubSpot zones, lifecycle stages). */
  preset: ImportPreset | null;
}

const rowSchema = contactInputSchema.omit({ timeZone: true, ownerId: true, reachable: true, interests: true });

const zoneCache = new Map<string, string | null>();

/** IANA zone, canonical case; null when unknown. Cached: a file repeats a handful of zones. */
function canonicalTimeZone(zone: string): string | null {
  let known = zoneCache.get(zone);
  if (known === undefined) {
    known = isValidTimeZone(zone) ? assertTimeZone(zone, 'timeZone') : null;
    if (zoneCache.size > 10_000) zoneCache.clear();
    zoneCache.set(zone, known);
  }
  return known;
}

function printable(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

function hubspotZone(value: string): string {
  // HubSpot's internal values look like "america_slash_new_york".
  return value.includes('_slash_') ? value.replaceAll('_slash_', '/') : value;
}

function relationshipFrom(value: string, preset: ImportPreset | null): string {
  const v = value.trim().toLowerCase();
  if (preset === 'hubspot' || preset === 'pipedrive') {
    if (v.includes('customer')) return 'customer';
    if (v.includes('evangelist') || v.includes('referr')) return 'referral-source';
    if (v.includes('partner')) return 'partner';
    return 'prospect';
  }
  return v;
}

function listOf(value: string): string[] | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
    } catch {
      return null;
    }
  }
  return trimmed.split(/\s*[;\n]\s*/).filter(Boolean);
}

/** Validates raw values into contact fields: one reason per bad field, joined. */
export function validateRaw(raw: RawFields, line: number, context: RowContext): RowOutcome {
  const problems: string[] = [];
  const name = raw.name ?? [raw.firstName, raw.middleName, raw.lastName].filter(Boolean).join(' ');
  if (!name.trim()) return { kind: 'rejected', line, reason: 'missing name' };

  const input: Record<string, unknown> = { name };
  const copy = (field: ImportField & keyof typeof rowSchema.shape, value: string | undefined) => {
    if (value !== undefined) input[field] = value;
  };
  copy('email', raw.email);
  copy('phone', raw.phone);
  copy('company', raw.company);
  copy('title', raw.title);
  copy('authority', raw.authority);
  copy('buyingProcess', raw.buyingProcess);
  copy('notes', raw.notes);
  copy('customerSince', raw.customerSince);
  copy('purchaseDate', raw.purchaseDate);
  if (raw.preferredChannel !== undefined) input.preferredChannel = raw.preferredChannel.trim().toLowerCase();
  if (raw.relationship !== undefined) input.relationship = relationshipFrom(raw.relationship, context.preset);
  if (raw.interest !== undefined) input.interest = raw.interest.trim().toLowerCase();
  if (raw.canBuy !== undefined) input.canBuy = raw.canBuy.trim().toLowerCase();

  const parsed = rowSchema.safeParse(input);
  const fields: ContactFields & { name: string } = { name: name.trim() };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || 'row';
      if (issue.code === 'invalid_value' && path in enumHints) problems.push(`${path}: expected one of ${enumHints[path as keyof typeof enumHints]}`);
      else if (issue.code === 'too_big') problems.push(`${path}: too long (at most ${String(issue.maximum)} characters)`);
      else if (path === 'email') problems.push('email: not a valid email address');
      else problems.push(`${path}: ${issue.message}`);
    }
  } else {
    Object.assign(fields, parsed.data);
  }

  if (raw.phone !== undefined && phoneKey(raw.phone) === null && !/\d{3}/.test(raw.phone)) problems.push('phone: not a phone number');

  if (raw.timeZone !== undefined) {
    const given = context.preset === 'hubspot' ? hubspotZone(raw.timeZone.trim()) : raw.timeZone.trim();
    const zone = canonicalTimeZone(given);
    if (zone === null) {
      problems.push(/^(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?$/i.test(given)
        ? `timeZone: a UTC offset (${printable(given)}) is not a time zone; use an IANA name such as Europe/Paris`
        : `timeZone: unknown time zone ${printable(given)}`);
    } else fields.timeZone = zone;
  }

  if (raw.interests !== undefined) {
    const list = listOf(raw.interests);
    const checked = list ? z.array(z.string().trim().min(1).max(200)).max(50).safeParse(list) : null;
    if (!checked?.success) problems.push('interests: expected a list (JSON array, or separated by ";"), at most 50 of at most 200 characters');
    else fields.interests = checked.data;
  }

  if (raw.reachable !== undefined) {
    let windows: unknown = null;
    try {
      windows = JSON.parse(raw.reachable);
    } catch {
      windows = null;
    }
    const checked = z.array(reachableWindowSchema).max(21).safeParse(windows);
    if (!checked.success) problems.push('reachable: expected a JSON list of {days, from, to}');
    else {
      try {
        fields.reachable = validateWindows(checked.data, 'reachable');
      } catch (error) {
        problems.push(error instanceof AppError ? error.message : 'reachable: invalid windows');
      }
    }
  }

  let doNotContact: ImportCandidate['doNotContact'] = null;
  if (raw.doNotContact !== undefined) {
    const word = raw.doNotContact.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) {
      let at: string | null = null;
      if (raw.doNotContactAt !== undefined) {
        if (instantSchema.safeParse(raw.doNotContactAt).success) at = raw.doNotContactAt;
        else problems.push('doNotContactAt: expected an ISO 8601 instant');
      }
      doNotContact = { reason: raw.doNotContactReason?.slice(0, 500) ?? 'imported as do-not-contact', at };
    } else if (!FALSE_WORDS.has(word)) problems.push('doNotContact: expected true or false');
  }

  if (problems.length > 0) return { kind: 'rejected', line, reason: problems.join('; ') };
  return {
    kind: 'candidate',
    candidate: { line, fields, doNotContact, emailKey: emailKey(fields.email), phoneKey: phoneKey(fields.phone), assumptions: [] },
  };
}

const enumHints = {
  preferredChannel: channels.join(', '),
  relationship: relationships.join(', '),
  interest: interestLevels.join(', '),
  canBuy: canBuyValues.join(', '),
} as const;

/** Why a cell cannot be stored at all, whatever column it is in. */
function cellProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains the NUL character (U+0000), which cannot be stored';
  if (value.includes('\ufffd')) return 'text is not valid in the file\'s encoding (save the file as UTF-8)';
  return null;
}

const GOOGLE_MULTI = ' ::: ';

/** One CSV data row → a candidate, a rejection with its line, or a blank row to pass over. */
export function csvRowToCandidate(mapping: HeaderMapping, cells: string[], line: number, restoreFormulas: boolean): RowOutcome {
  if (cells.every((c) => c.trim() === '')) return { kind: 'blank' };
  if (cells.length > mapping.width && cells.slice(mapping.width).some((c) => c.trim() !== '')) {
    return { kind: 'rejected', line, reason: `the row has ${cells.length} cells but the header has ${mapping.width} columns (a delimiter or quote out of place?)` };
  }
  const raw: RawFields = {};
  for (const [field, indexes] of mapping.columns) {
    for (const index of indexes) {
      let value = cells[index];
      if (value === undefined) continue;
      const problem = cellProblem(value);
      if (problem) return { kind: 'rejected', line, reason: `${field}: ${problem}` };
      if (restoreFormulas) value = restoreFormula(value);
      if (mapping.preset === 'google' && value.includes(GOOGLE_MULTI)) value = value.split(GOOGLE_MULTI)[0] ?? '';
      if (value.trim() === '') continue;
      raw[field] = field === 'notes' || field === 'buyingProcess' ? value : value.trim();
      break;
    }
  }
  return validateRaw(raw, line, { preset: mapping.preset });
}

// ---------------------------------------------------------------------------------------------
// vCard 3.0 / 4.0 (and the common parts of 2.1).

export interface VcardProperty {
  group: string | null;
  name: string;
  params: Map<string, string[]>;
  /** The raw value: escapes are undone by the reader that knows the property's value type. */
  value: string;
}

/** RFC 6868 parameter value escapes: ^n newline, ^^ caret, ^' double quote. */
function unescapeParam(value: string): string {
  return value.replace(/\^(n|\^|')/g, (_m, c: string) => (c === 'n' ? '\n' : c === '^' ? '^' : '"'));
}

/** Parses one unfolded content line: `group.NAME;PARAM=a,"b";TYPE=x:value`. Null when it has no colon. */
export function parseVcardLine(text: string): VcardProperty | null {
  let i = 0;
  const n = text.length;
  while (i < n && text[i] !== ';' && text[i] !== ':') i++;
  if (i >= n) return null;
  const qualified = text.slice(0, i).trim();
  const dot = qualified.lastIndexOf('.');
  const group = dot > 0 ? qualified.slice(0, dot) : null;
  const name = (dot > 0 ? qualified.slice(dot + 1) : qualified).toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params = new Map<string, string[]>();
  while (i < n && text[i] === ';') {
    i++;
    let key = '';
    while (i < n && text[i] !== '=' && text[i] !== ';' && text[i] !== ':') key += text[i++];
    key = key.trim().toUpperCase();
    const values: string[] = [];
    if (text[i] === '=') {
      i++;
      let current = '';
      let quoted = false;
      while (i < n) {
        const ch = text[i] ?? '';
        if (ch === '"') quoted = !quoted;
        else if (!quoted && (ch === ';' || ch === ':')) break;
        else if (!quoted && ch === ',') {
          values.push(unescapeParam(current));
          current = '';
        } else current += ch;
        i++;
      }
      values.push(unescapeParam(current));
    } else if (key) {
      // vCard 2.1 bare parameters: ";WORK;VOICE" mean TYPE=WORK,VOICE.
      values.push(key);
      key = 'TYPE';
    }
    if (!key) continue;
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  if (text[i] !== ':') return null;
  return { group, name, params, value: text.slice(i + 1) };
}

/** Undoes TEXT escapes: \n \N \\ \, \; (and a stray \: for lenient writers). */
export function unescapeVcardText(value: string): string {
  return value.replace(/\\([nN\\,;:])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits on a separator that is not escaped with a backslash (N and ORG use ';'). */
export function splitVcardValue(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === 0x3d && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch < 0x80) bytes.push(ch);
    else bytes.push(...new TextEncoder().encode(value[i] ?? ''));
  }
  const latin = charset !== undefined && /^(?:iso-8859-1|latin1|windows-1252|cp1252)$/i.test(charset);
  return new TextDecoder(latin ? 'windows-1252' : 'utf-8').decode(new Uint8Array(bytes));
}

function paramHas(property: VcardProperty, key: string, value: string): boolean {
  return (property.params.get(key) ?? []).some((v) => v.split(',').some((part) => part.trim().toLowerCase() === value));
}

/** The value as text: quoted-printable decoded, escapes undone. Null for binary (base64) values. */
function textOf(property: VcardProperty): string | null {
  const encoding = property.params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'B' || encoding === 'BASE64') return null;
  const value = encoding === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(property.value, property.params.get('CHARSET')?.[0]) : property.value;
  return value;
}

/** How much a card prefers a property: PREF=n (4.0), TYPE=pref (3.0) or a bare PREF (2.1) count as 1; none is last. */
function preferenceRank(property: VcardProperty): number {
  const pref = Number(property.params.get('PREF')?.[0]);
  return Number.isInteger(pref) && pref >= 1 ? pref : paramHas(property, 'TYPE', 'pref') ? 1 : 101;
}

/** Several EMAIL, TEL or ADR lines, the preferred first, the rest in the card's order. */
function preferredFirst(properties: VcardProperty[]): VcardProperty[] {
  return properties.map((p, index) => ({ p, index, rank: preferenceRank(p) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index).map(({ p }) => p);
}

export interface VcardContext {
  /** The importing user's zone: a card's zone is assumed from it when the card does not name one we know. */
  userTimeZone: string;
  nowMs: number;
}

function emailOf(property: VcardProperty): string | null {
  const text = textOf(property);
  const email = text === null ? '' : unescapeVcardText(text).trim().replace(/^mailto:/i, '');
  return email || null;
}

function phoneOf(property: VcardProperty): string | null {
  const text = textOf(property)?.trim();
  if (!text) return null;
  // 4.0 writes a tel: URI ("tel:+1-555-555-0100;ext=12").
  const uri = /^tel:([^;]*)(?:;ext=([^;]*))?/i.exec(text);
  const phone = uri ? `${uri[1] ?? ''}${uri[2] ? ` ext. ${uri[2]}` : ''}` : unescapeVcardText(text).trim();
  return phone || null;
}

const KIND_WORDS: Array<[string, string]> = [['home', 'home'], ['work', 'work'], ['cell', 'mobile'], ['fax', 'fax']];

/** "home", "work", "mobile", "fax" from the TYPE parameter, for the other addresses kept in the notes. */
function kindOf(property: VcardProperty): string | null {
  const kinds = KIND_WORDS.filter(([type]) => paramHas(property, 'TYPE', type)).map(([, word]) => word);
  return kinds.length > 0 ? kinds.join(', ') : null;
}

/** The values after the preferred one, distinct, as note lines ("Other e-mail: x (home)"), at most ten. */
function otherValues(properties: VcardProperty[], valueOf: (p: VcardProperty) => string | null, label: string, key: (v: string) => string | null): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const property of properties) {
    const value = valueOf(property);
    const k = value === null ? null : key(value) ?? value;
    if (value === null || k === null || seen.has(k)) continue;
    seen.add(k);
    const kind = kindOf(property);
    lines.push(`Other ${label}: ${value}${kind ? ` (${kind})` : ''}`);
  }
  return lines.slice(1, 11);
}

/** ADR: post office box; extended; street; locality; region; postal code; country. */
function addressOf(property: VcardProperty): PostalAddress | null {
  const text = textOf(property);
  if (text === null) return null;
  const [, , , locality = '', region = '', , country = ''] = splitVcardValue(text, ';').map((part) => unescapeVcardText(part).trim());
  return locality || region || country ? { locality, region, country } : null;
}

/**
 * TZ as cards really write it: an IANA name, or a UTC offset ("-08:00", "-0800", VALUE=utc-offset;
 * 3.0 writers add "; EST; …" after it). An offset becomes the zone that fits it and the address;
 * anything else unknown becomes the user's zone. Either way the row is kept and the report says so.
 */
function zoneOfCard(tz: VcardProperty, addresses: PostalAddress[], context: VcardContext): { zone: string | null; assumption: string | null } {
  const text = textOf(tz);
  const given = text === null ? '' : unescapeVcardText(splitVcardValue(text, ';')[0] ?? '').trim();
  if (!given) return { zone: null, assumption: null };
  const named = canonicalTimeZone(given);
  if (named) return { zone: named, assumption: null };
  const offset = parseUtcOffset(given);
  if (offset !== null) {
    const choice = zoneForUtcOffset({ offsetMinutes: offset, addresses, userTimeZone: context.userTimeZone, nowMs: context.nowMs });
    return { zone: choice.zone, assumption: describeOffsetChoice(choice, offset) };
  }
  return { zone: null, assumption: `time zone assumed ${context.userTimeZone} (yours): the card's time zone ${printable(given)} is not one we know` };
}

/** A vCard's unfolded lines → a candidate (or a rejection naming the card's BEGIN line). */
export function vcardToCandidate(lines: Array<{ text: string; line: number }>, line: number, context: VcardContext): RowOutcome {
  const properties: VcardProperty[] = [];
  for (const l of lines) {
    const problem = cellProblem(l.text);
    if (problem) return { kind: 'rejected', line, reason: `line ${l.line}: ${problem}` };
    const property = parseVcardLine(l.text);
    if (!property) return { kind: 'rejected', line, reason: `line ${l.line}: not a vCard property (expected NAME:value)` };
    properties.push(property);
  }
  const all = (name: string) => properties.filter((p) => p.name === name);
  const first = (name: string) => properties.find((p) => p.name === name);
  const version = first('VERSION');
  if (version && !['2.1', '3.0', '4.0'].includes(version.value.trim())) {
    return { kind: 'rejected', line, reason: `unsupported vCard version ${printable(version.value.trim(), 10)}` };
  }
  const kind = first('KIND')?.value.trim().toLowerCase();
  if (kind && kind !== 'individual') return { kind: 'rejected', line, reason: `not a person (KIND:${kind.slice(0, 20)})` };

  const raw: RawFields = {};
  const fn = first('FN');
  const fnText = fn ? textOf(fn) : null;
  if (fnText?.trim()) raw.name = unescapeVcardText(fnText).trim();
  const n = first('N');
  const nText = n ? textOf(n) : null;
  if (!raw.name && nText) {
    const [family = '', given = '', additional = '', prefix = '', suffix = ''] = splitVcardValue(nText, ';').map(unescapeVcardText);
    const joined = [prefix, given, additional, family, suffix].map((s) => s.replaceAll(',', ' ').trim()).filter(Boolean).join(' ');
    if (joined) raw.name = joined;
  }
  const emails = preferredFirst(all('EMAIL'));
  const email = emails.map(emailOf).find((e) => e !== null);
  if (email) raw.email = email;
  const phones = preferredFirst(all('TEL'));
  const phone = phones.map(phoneOf).find((p) => p !== null);
  if (phone) raw.phone = phone;
  const org = first('ORG');
  const orgText = org ? textOf(org) : null;
  if (orgText) {
    const company = unescapeVcardText(splitVcardValue(orgText, ';')[0] ?? '').trim();
    if (company) raw.company = company;
  }
  const title = first('TITLE');
  const titleText = title ? textOf(title) : null;
  if (titleText?.trim()) raw.title = unescapeVcardText(titleText).trim();
  // The preferred e-mail and phone are the contact's; the others are kept after them, in the notes.
  const others = [...otherValues(emails, emailOf, 'e-mail', emailKey), ...otherValues(phones, phoneOf, 'phone', phoneKey)];
  const notes = all('NOTE').map(textOf).filter((t): t is string => t !== null).map(unescapeVcardText).filter((t) => t.trim());
  if (others.length > 0) notes.push(others.join('\n'));
  if (notes.length > 0) raw.notes = notes.join('\n\n');
  const tz = first('TZ');
  const addresses = preferredFirst(all('ADR')).map(addressOf).filter((a): a is PostalAddress => a !== null);
  const { zone, assumption } = tz ? zoneOfCard(tz, addresses, context) : { zone: null, assumption: null };
  if (zone) raw.timeZone = zone;
  if (!raw.name) return { kind: 'rejected', line, reason: 'missing name (no FN or N)' };
  const outcome = validateRaw(raw, line, { preset: null });
  if (outcome.kind === 'candidate' && assumption) outcome.candidate.assumptions.push(assumption);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Duplicates: update or merge an existing contact with an imported row.

const isBlank = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const defaults: Partial<Record<keyof ContactFields, unknown>> = { relationship: 'prospect', interest: 'unknown', canBuy: 'unknown' };

const NOTES_MAX = 10_000;

/**
 * update: the row's non-empty values replace the contact's. merge: they only fill what is empty
 * (or still the default), interests are united and new notes appended. Neither ever lifts a
 * do-not-contact: opting in again needs evidence, not a spreadsheet.
 */
export function applyImportedRow(existing: Contact, row: ImportCandidate, policy: 'update' | 'merge', nowIso: string): { contact: Contact; changed: string[] } {
  const patch: ContactFields = {};
  const target = patch as Record<string, unknown>;
  const current = existing as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(row.fields)) {
    if (value === undefined) continue;
    if (policy === 'update') {
      target[key] = value;
      continue;
    }
    if (key === 'interests' && Array.isArray(value)) {
      target.interests = [...new Set([...existing.interests, ...(value as string[])])];
    } else if (key === 'notes' && typeof value === 'string' && existing.notes && !existing.notes.includes(value.trim())) {
      const joined = `${existing.notes}\n\n${value.trim()}`;
      if (joined.length <= NOTES_MAX) target.notes = joined;
    } else if (key === 'timeZone') {
      // A contact's zone is never blank (it defaults to the owner's): merge keeps it.
    } else if (isBlank(current[key]) || (key in defaults && current[key] === defaults[key as keyof ContactFields])) {
      target[key] = value;
    }
  }
  let contact = applyContactFields(existing, patch, nowIso);
  if (row.doNotContact && !existing.doNotContact) contact = markDoNotContact(contact, row.doNotContact.reason, row.doNotContact.at ?? nowIso);
  const changed = Object.keys(contact).filter((key) => key !== 'updatedAt' && JSON.stringify((contact as unknown as Record<string, unknown>)[key]) !== JSON.stringify(current[key]));
  return { contact: changed.length > 0 ? contact : existing, changed };
}

// ---------------------------------------------------------------------------------------------
// Export rows (every cell neutralised).

const cell = (value: string | number | boolean | null | undefined): string => neutraliseFormula(value === null || value === undefined ? '' : String(value));

export function contactCsvRow(c: Contact): string[] {
  const values: Record<(typeof contactCsvColumns)[number], string | boolean | null> = {
    id: c.id, name: c.name, email: c.email, phone: c.phone, company: c.company, title: c.title, timeZone: c.timeZone,
    preferredChannel: c.preferredChannel, relationship: c.relationship, interest: c.interest, canBuy: c.canBuy,
    authority: c.authority, buyingProcess: c.buyingProcess,
    interests: c.interests.length > 0 ? JSON.stringify(c.interests) : '',
    reachable: c.reachable.length > 0 ? JSON.stringify(c.reachable) : '',
    doNotContact: c.doNotContact, doNotContactReason: c.doNotContactReason, doNotContactAt: c.doNotContactAt,
    customerSince: c.customerSince, purchaseDate: c.purchaseDate, notes: c.notes, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
  return contactCsvColumns.map((column) => cell(values[column]));
}

export const interactionCsvColumns = [
  'id', 'contactId', 'contactName', 'contactEmail', 'occurredAt', 'channel', 'direction', 'result', 'outcome', 'touchNumber',
  'notes', 'changed', 'opportunityId', 'followUpId', 'userId', 'createdAt', 'minutes',
] as const;

export function interactionCsvRow(i: Interaction, contact: { name: string; email: string | null } | undefined): string[] {
  const values: Record<(typeof interactionCsvColumns)[number], string | number | null> = {
    id: i.id, contactId: i.contactId, contactName: contact?.name ?? null, contactEmail: contact?.email ?? null,
    occurredAt: i.occurredAt, channel: i.channel, direction: i.direction, result: i.result, outcome: i.outcome,
    touchNumber: i.touchNumber, notes: i.notes, changed: i.changed, opportunityId: i.opportunityId, followUpId: i.followUpId,
    userId: i.userId, createdAt: i.createdAt, minutes: i.minutes ?? null,
  };
  return interactionCsvColumns.map((column) => cell(values[column]));
}
