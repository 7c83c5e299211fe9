/**
 * A parsed vCard (3.0, 4.0, or the common parts of 2.1) → a candidate contact: the preferred e-mail
 * and phone are the contact's and the others are kept in the notes; a TZ given as a bare UTC offset
 * becomes a zone that fits it and the address, and the report says what was assumed. Parsing the
 * card's text is src/calendar's; this module only reads the properties it is given.
 */
import { describeOffsetChoice, parseUtcOffset, zoneForUtcOffset, type PostalAddress } from '../offsetZone.js';
import { printable, validateRaw, type RawFields, type RowOutcome, type ZoneLookup } from './candidate.js';
import { emailKey, phoneKey } from './duplicateKeys.js';

export interface VcardProperty {
  group: string | null;
  /** Upper case: "EMAIL", "TEL". */
  name: string;
  /** Parameter names in upper case; a parameter given several times has all its values. */
  params: ReadonlyMap<string, readonly string[]>;
  /** The value with its escapes undone: one component, or several for a structured value (N, ADR, ORG). */
  components: readonly string[];
}

export interface VcardContext {
  /** The importing user's zone: a card's zone is assumed from it when the card does not name one we know. */
  userTimeZone: string;
  nowMs: number;
  zoneOf: ZoneLookup;
}

const textOf = (property: VcardProperty | undefined): string => property?.components[0] ?? '';

function paramHas(property: VcardProperty, key: string, value: string): boolean {
  return (property.params.get(key) ?? []).some((v) => v.split(',').some((part) => part.trim().toLowerCase() === value));
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

function emailOf(property: VcardProperty): string | null {
  return textOf(property).trim().replace(/^mailto:/i, '') || null;
}

function phoneOf(property: VcardProperty): string | null {
  const text = textOf(property).trim();
  // 4.0 writes a tel: URI ("tel:+1-555-555-0100;ext=12").
  const uri = /^tel:([^;]*)(?:;ext=([^;]*))?/i.exec(text);
  return (uri ? `${uri[1] ?? ''}${uri[2] ? ` ext. ${uri[2]}` : ''}` : text).trim() || null;
}

const KIND_WORDS: ReadonlyArray<readonly [string, string]> = [['home', 'home'], ['work', 'work'], ['cell', 'mobile'], ['fax', 'fax']];

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
  const [, , , locality = '', region = '', , country = ''] = property.components.map((part) => part.trim());
  return locality || region || country ? { locality, region, country } : null;
}

/**
 * TZ as cards really write it: an IANA name, or a UTC offset ("-08:00", "-0800", VALUE=utc-offset;
 * 3.0 writers add "; EST; …" after it). An offset becomes the zone that fits it and the address;
 * anything else unknown becomes the user's zone. Either way the row is kept and the report says so.
 */
function zoneOfCard(tz: VcardProperty, addresses: PostalAddress[], context: VcardContext): { zone: string | null; assumption: string | null } {
  const given = (textOf(tz).split(';')[0] ?? '').trim();
  if (!given) return { zone: null, assumption: null };
  const named = context.zoneOf(given);
  if (named) return { zone: named, assumption: null };
  const offset = parseUtcOffset(given);
  if (offset !== null) {
    const choice = zoneForUtcOffset({ offsetMinutes: offset, addresses, userTimeZone: context.userTimeZone, nowMs: context.nowMs });
    return { zone: choice.zone, assumption: describeOffsetChoice(choice, offset) };
  }
  return { zone: null, assumption: `time zone assumed ${context.userTimeZone} (yours): the card's time zone ${printable(given)} is not one we know` };
}

/** FN, else the parts of N in reading order. */
function nameOf(fn: VcardProperty | undefined, n: VcardProperty | undefined): string | null {
  const formatted = textOf(fn).trim();
  if (formatted) return formatted;
  if (!n) return null;
  const [family = '', given = '', additional = '', prefix = '', suffix = ''] = n.components;
  return [prefix, given, additional, family, suffix].map((s) => s.replaceAll(',', ' ').trim()).filter(Boolean).join(' ') || null;
}

/** The card's properties → a candidate (or a rejection naming the card's BEGIN line). */
export function vcardToCandidate(properties: VcardProperty[], line: number, context: VcardContext): RowOutcome {
  const all = (name: string) => properties.filter((p) => p.name === name);
  const first = (name: string) => properties.find((p) => p.name === name);
  const version = textOf(first('VERSION')).trim();
  if (version && !['2.1', '3.0', '4.0'].includes(version)) return { kind: 'rejected', line, reason: `unsupported vCard version ${printable(version, 10)}` };
  const kind = textOf(first('KIND')).trim().toLowerCase();
  if (kind && kind !== 'individual') return { kind: 'rejected', line, reason: `not a person (KIND:${kind.slice(0, 20)})` };

  const raw: RawFields = {};
  const name = nameOf(first('FN'), first('N'));
  if (name) raw.name = name;
  const emails = preferredFirst(all('EMAIL'));
  const email = emails.map(emailOf).find((e) => e !== null);
  if (email) raw.email = email;
  const phones = preferredFirst(all('TEL'));
  const phone = phones.map(phoneOf).find((p) => p !== null);
  if (phone) raw.phone = phone;
  const company = textOf(first('ORG')).trim();
  if (company) raw.company = company;
  const title = textOf(first('TITLE')).trim();
  if (title) raw.title = title;
  // The preferred e-mail and phone are the contact's; the others are kept after them, in the notes.
  const others = [...otherValues(emails, emailOf, 'e-mail', emailKey), ...otherValues(phones, phoneOf, 'phone', phoneKey)];
  const notes = all('NOTE').map(textOf).filter((t) => t.trim());
  if (others.length > 0) notes.push(others.join('\n'));
  if (notes.length > 0) raw.notes = notes.join('\n\n');
  const tz = first('TZ');
  const addresses = preferredFirst(all('ADR')).map(addressOf).filter((a): a is PostalAddress => a !== null);
  const { zone, assumption } = tz ? zoneOfCard(tz, addresses, context) : { zone: null, assumption: null };
  if (zone) raw.timeZone = zone;
  if (!raw.name) return { kind: 'rejected', line, reason: 'missing name (no FN or N)' };
  const outcome = validateRaw(raw, line, { preset: null, zoneOf: context.zoneOf });
  if (outcome.kind === 'candidate' && assumption) outcome.candidate.assumptions.push(assumption);
  return outcome;
}
