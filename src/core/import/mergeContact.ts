/** A duplicate found by an import: the existing contact updated or merged with the imported row. */
import { applyContactFields, markDoNotContact, type ContactFields } from '../contacts.js';
import type { Contact } from '../types.js';
import type { ImportCandidate } from './candidate.js';

const isBlank = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const defaults: Partial<Record<keyof ContactFields, unknown>> = { relationship: 'prospect', interest: 'unknown', canBuy: 'unknown' };

const NOTES_MAX = 10_000;

/** What merge takes from the row for one field: only what is empty (or still the default), interests united, notes appended. */
function mergedValue(existing: Contact, key: string, value: unknown): { take: boolean; value?: unknown } {
  const current = (existing as unknown as Record<string, unknown>)[key];
  if (key === 'interests' && Array.isArray(value)) return { take: true, value: [...new Set([...existing.interests, ...(value as string[])])] };
  if (key === 'notes' && typeof value === 'string' && existing.notes && !existing.notes.includes(value.trim())) {
    const joined = `${existing.notes}\n\n${value.trim()}`;
    return joined.length <= NOTES_MAX ? { take: true, value: joined } : { take: false };
  }
  // A contact's zone is never blank (it defaults to the owner's): merge keeps it.
  if (key === 'timeZone') return { take: false };
  const isDefault = Object.hasOwn(defaults, key) && current === defaults[key as keyof ContactFields];
  return isBlank(current) || isDefault ? { take: true, value } : { take: false };
}

/**
 * update: the row's non-empty values replace the contact's. merge: they only fill what is empty
 * (or still the default), interests are united and new notes appended. Neither ever lifts a
 * do-not-contact: opting in again needs evidence, not a spreadsheet.
 */
export function applyImportedRow(existing: Contact, row: ImportCandidate, policy: 'update' | 'merge', nowIso: string): { contact: Contact; changed: string[] } {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.fields)) {
    if (value === undefined) continue;
    if (policy === 'update') {
      patch[key] = value;
      continue;
    }
    const merged = mergedValue(existing, key, value);
    if (merged.take) patch[key] = merged.value;
  }
  let contact = applyContactFields(existing, patch as ContactFields, nowIso);
  if (row.doNotContact && !existing.doNotContact) contact = markDoNotContact(contact, row.doNotContact.reason, row.doNotContact.at ?? nowIso);
  const before = existing as unknown as Record<string, unknown>;
  const after = contact as unknown as Record<string, unknown>;
  const changed = Object.keys(contact).filter((key) => key !== 'updatedAt' && JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  return { contact: changed.length > 0 ? contact : existing, changed };
}
