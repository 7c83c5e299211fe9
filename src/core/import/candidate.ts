/**
 * What a row or a card says about a contact, validated: the fields to store, the keys duplicates
 * are found by, or one reason per bad field, with the file line the row came from.
 */
import { z } from 'zod';
import { instantSchema } from '../../shared/common.js';
import { contactInputSchema, reachableWindowSchema } from '../../shared/contacts.js';
import type { ImportField, ImportPreset } from '../../shared/dataTransfer.js';
import { canBuyValues, channels, interestLevels, relationships } from '../../shared/vocabulary.js';
import type { ContactFields } from '../contacts.js';
import { AppError } from '../errors.js';
import { validateWindows } from '../reachableWindows.js';
import { assertTimeZone, isValidTimeZone } from '../time.js';
import type { ImportedCustomValue } from './customColumns.js';
import { emailKey, phoneKey } from './duplicateKeys.js';

export interface ImportCandidate {
  line: number;
  fields: ContactFields & { name: string };
  doNotContact: { reason: string; at: string | null } | null;
  emailKey: string | null;
  phoneKey: string | null;
  /** What the import had to assume to keep the row (a zone for a UTC offset), in words for the report. */
  assumptions: string[];
  /** The row's custom field values, checked (core/import/customColumns.ts). */
  customValues?: ImportedCustomValue[];
}

export type RowOutcome =
  | { kind: 'candidate'; candidate: ImportCandidate }
  | { kind: 'rejected'; line: number; reason: string }
  | { kind: 'blank' };

/** Raw text values found for one contact, before validation. */
export type RawFields = Partial<Record<ImportField, string>>;

/** An IANA zone name in its canonical case, or null when there is no such zone. */
export type ZoneLookup = (name: string) => string | null;

/**
 * A ZoneLookup that remembers what it looked up: a file repeats a handful of zones, and each
 * lookup builds a formatter. One per import, so nothing outlives it.
 */
export function rememberingZoneLookup(limit = 10_000): ZoneLookup {
  const known = new Map<string, string | null>();
  return (name) => {
    let zone = known.get(name);
    if (zone === undefined) {
      zone = isValidTimeZone(name) ? assertTimeZone(name, 'timeZone') : null;
      if (known.size >= limit) known.clear();
      known.set(name, zone);
    }
    return zone;
  };
}

export interface RowContext {
  /** The import's preset: presets convert their tools' own values (HubSpot zones, lifecycle stages). */
  preset: ImportPreset | null;
  zoneOf: ZoneLookup;
}

/** A value quoted for a reason, cut to a readable length. */
export function printable(value: string, max = 60): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

/** Why a cell cannot be stored at all, whatever column it is in. */
export function cellProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains the NUL character (U+0000), which cannot be stored';
  if (value.includes('\ufffd')) return 'text is not valid in the file\'s encoding (save the file as UTF-8)';
  return null;
}

const rowSchema = contactInputSchema.omit({ timeZone: true, ownerId: true, reachable: true, interests: true });

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

const enumHints: Readonly<Record<string, string>> = {
  preferredChannel: channels.join(', '),
  relationship: relationships.join(', '),
  interest: interestLevels.join(', '),
  canBuy: canBuyValues.join(', '),
};

/** HubSpot's internal zone values look like "america_slash_new_york". */
const hubspotZone = (value: string): string => (value.includes('_slash_') ? value.replaceAll('_slash_', '/') : value);

function relationshipFrom(value: string, preset: ImportPreset | null): string {
  const v = value.trim().toLowerCase();
  if (preset !== 'hubspot' && preset !== 'pipedrive') return v;
  if (v.includes('customer')) return 'customer';
  if (v.includes('evangelist') || v.includes('referr')) return 'referral-source';
  if (v.includes('partner')) return 'partner';
  return 'prospect';
}

function listOf(value: string): string[] | null {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[')) return trimmed.split(/\s*[;\n]\s*/).filter(Boolean);
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** The plain fields, through the API's own contact schema: one problem per bad field. */
function validatePlainFields(raw: RawFields, name: string, context: RowContext, fields: ContactFields, problems: string[]): void {
  const input: Record<string, unknown> = { name };
  for (const field of ['email', 'phone', 'company', 'title', 'authority', 'buyingProcess', 'notes', 'customerSince', 'purchaseDate'] as const) {
    if (raw[field] !== undefined) input[field] = raw[field];
  }
  if (raw.preferredChannel !== undefined) input.preferredChannel = raw.preferredChannel.trim().toLowerCase();
  if (raw.relationship !== undefined) input.relationship = relationshipFrom(raw.relationship, context.preset);
  if (raw.interest !== undefined) input.interest = raw.interest.trim().toLowerCase();
  if (raw.canBuy !== undefined) input.canBuy = raw.canBuy.trim().toLowerCase();
  const parsed = rowSchema.safeParse(input);
  if (parsed.success) {
    Object.assign(fields, parsed.data);
    return;
  }
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || 'row';
    const hint = Object.hasOwn(enumHints, path) ? enumHints[path] : undefined;
    if (issue.code === 'invalid_value' && hint) problems.push(`${path}: expected one of ${hint}`);
    else if (issue.code === 'too_big') problems.push(`${path}: too long (at most ${String(issue.maximum)} characters)`);
    else if (path === 'email') problems.push('email: not a valid email address');
    else problems.push(`${path}: ${issue.message}`);
  }
}

function validateZone(given: string, context: RowContext, fields: ContactFields, problems: string[]): void {
  const name = context.preset === 'hubspot' ? hubspotZone(given.trim()) : given.trim();
  const zone = context.zoneOf(name);
  if (zone !== null) fields.timeZone = zone;
  else if (/^(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?$/i.test(name)) {
    problems.push(`timeZone: a UTC offset (${printable(name)}) is not a time zone; use an IANA name such as Europe/Paris`);
  } else problems.push(`timeZone: unknown time zone ${printable(name)}`);
}

function validateInterests(given: string, fields: ContactFields, problems: string[]): void {
  const list = listOf(given);
  const checked = list ? z.array(z.string().trim().min(1).max(200)).max(50).safeParse(list) : null;
  if (checked?.success) fields.interests = checked.data;
  else problems.push('interests: expected a list (JSON array, or separated by ";"), at most 50 of at most 200 characters');
}

function validateReachable(given: string, fields: ContactFields, problems: string[]): void {
  let windows: unknown = null;
  try {
    windows = JSON.parse(given);
  } catch {
    windows = null;
  }
  const checked = z.array(reachableWindowSchema).max(21).safeParse(windows);
  if (!checked.success) {
    problems.push('reachable: expected a JSON list of {days, from, to}');
    return;
  }
  try {
    fields.reachable = validateWindows(checked.data, 'reachable');
  } catch (error) {
    problems.push(error instanceof AppError ? error.message : 'reachable: invalid windows');
  }
}

function validateDoNotContact(raw: RawFields, problems: string[]): ImportCandidate['doNotContact'] {
  if (raw.doNotContact === undefined) return null;
  const word = raw.doNotContact.trim().toLowerCase();
  if (FALSE_WORDS.has(word)) return null;
  if (!TRUE_WORDS.has(word)) {
    problems.push('doNotContact: expected true or false');
    return null;
  }
  let at: string | null = null;
  if (raw.doNotContactAt !== undefined) {
    if (instantSchema.safeParse(raw.doNotContactAt).success) at = raw.doNotContactAt;
    else problems.push('doNotContactAt: expected an ISO 8601 instant');
  }
  return { reason: raw.doNotContactReason?.slice(0, 500) ?? 'imported as do-not-contact', at };
}

/** Validates raw values into contact fields: one reason per bad field, joined. */
export function validateRaw(raw: RawFields, line: number, context: RowContext): RowOutcome {
  const name = raw.name ?? [raw.firstName, raw.middleName, raw.lastName].filter(Boolean).join(' ');
  if (!name.trim()) return { kind: 'rejected', line, reason: 'missing name' };
  const problems: string[] = [];
  const fields: ContactFields & { name: string } = { name: name.trim() };
  validatePlainFields(raw, name, context, fields, problems);
  if (raw.phone !== undefined && phoneKey(raw.phone) === null && !/\d{3}/.test(raw.phone)) problems.push('phone: not a phone number');
  if (raw.timeZone !== undefined) validateZone(raw.timeZone, context, fields, problems);
  if (raw.interests !== undefined) validateInterests(raw.interests, fields, problems);
  if (raw.reachable !== undefined) validateReachable(raw.reachable, fields, problems);
  const doNotContact = validateDoNotContact(raw, problems);
  if (problems.length > 0) return { kind: 'rejected', line, reason: problems.join('; ') };
  return {
    kind: 'candidate',
    candidate: { line, fields, doNotContact, emailKey: emailKey(fields.email), phoneKey: phoneKey(fields.phone), assumptions: [] },
  };
}
