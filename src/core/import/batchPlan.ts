/**
 * What one batch of an import does, decided row by row against what the database holds and what
 * the batch has done so far: new contacts, updated duplicates, rows skipped or refused. Pure: the
 * lookups come in, the writes go out, and src/services does both in one transaction.
 */
import type { DuplicatePolicy, ImportAssumption, RejectedRow } from '../../shared/dataTransfer.js';
import { ERASED_REASON } from '../../shared/dataTransfer.js';
import { applyContactFields, blankContact, markDoNotContact } from '../contacts.js';
import { AppError } from '../errors.js';
import type { Contact } from '../types.js';
import type { ImportCandidate, RowOutcome } from './candidate.js';
import type { ImportedCustomValue } from './customColumns.js';
import { phoneKey } from './duplicateKeys.js';
import { applyImportedRow } from './mergeContact.js';

export interface ImportCounts {
  total: number;
  processed: number;
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
}

export const noCounts = (): ImportCounts => ({ total: 0, processed: 0, imported: 0, updated: 0, skipped: 0, rejected: 0 });

/** What the database says about the batch's rows, looked up before deciding. */
export interface BatchKnowledge {
  /** Existing contacts by e-mail key and by phone key: the oldest one for each key. */
  byEmail: Map<string, Contact>;
  byPhone: Map<string, Contact>;
  /** The suppression hashes of an erased person the row matches (empty: nobody erased). */
  erasedHashesOf(row: ImportCandidate): string[];
  /** A dry run writes no contact: whether an earlier batch of it would have imported this person. */
  seenBefore(row: ImportCandidate): boolean;
}

export interface BatchSettings {
  policy: DuplicatePolicy;
  dryRun: boolean;
  allowErased: boolean;
  nowIso: string;
  workspaceId: string;
  /** Who imports: new contacts are theirs, in their zone unless the row says otherwise. */
  owner: { id: string; timeZone: string };
  newId(): string;
}

export interface BatchPlan {
  counts: ImportCounts;
  rejections: RejectedRow[];
  assumptions: ImportAssumption[];
  inserts: Contact[];
  updates: Array<{ contact: Contact; changed: string[] }>;
  /** Suppressions to lift: erased people imported again with their explicit opt-in. */
  lifted: string[];
  /** Contacts that need an opt-in consent record for that. */
  optedIn: Contact[];
  /** Custom field values to write, per contact (core/import/customColumns.ts). */
  customValues: Map<string, CustomValuesOfContact>;
}

/**
 * A contact's imported custom values: on a contact new in this batch (nothing to replace), replacing
 * its values (update), or only filling its empty fields (merge).
 */
export interface CustomValuesOfContact {
  mode: 'new' | 'replace' | 'fill';
  byField: Map<string, ImportedCustomValue>;
}

/** The decisions so far: contacts matched, made and changed by earlier rows of this batch. */
class BatchState {
  readonly plan: BatchPlan = { counts: noCounts(), rejections: [], assumptions: [], inserts: [], updates: [], lifted: [], optedIn: [], customValues: new Map() };
  private readonly insertedAt = new Map<string, number>();
  private readonly updated = new Map<string, { contact: Contact; changed: string[] }>();
  /** The newest version of each contact this batch touched: a key may still point at an older one. */
  private readonly latest = new Map<string, Contact>();

  constructor(private readonly knowledge: BatchKnowledge) {}

  /** By e-mail first; by phone only when the e-mails do not say these are two people. */
  match(row: ImportCandidate): Contact | undefined {
    const { byEmail, byPhone } = this.knowledge;
    const byPhoneMatch = row.phoneKey ? byPhone.get(row.phoneKey) : undefined;
    const found = (row.emailKey ? byEmail.get(row.emailKey) : undefined)
      ?? (byPhoneMatch && !(row.emailKey && byPhoneMatch.email && byPhoneMatch.email !== row.emailKey) ? byPhoneMatch : undefined);
    return found ? this.latest.get(found.id) ?? found : undefined;
  }

  seenBefore(row: ImportCandidate): boolean {
    return this.knowledge.seenBefore(row);
  }

  remember(contact: Contact): void {
    this.latest.set(contact.id, contact);
    if (contact.email) this.knowledge.byEmail.set(contact.email, contact);
    const key = phoneKey(contact.phone);
    if (key) this.knowledge.byPhone.set(key, contact);
  }

  insert(contact: Contact): void {
    this.insertedAt.set(contact.id, this.plan.inserts.push(contact) - 1);
    this.remember(contact);
  }

  /** A contact inserted earlier in the batch is inserted in its newest version instead. */
  update(contact: Contact, changed: string[]): void {
    const inserted = this.insertedAt.get(contact.id);
    if (inserted !== undefined) this.plan.inserts[inserted] = contact;
    else this.updated.set(contact.id, { contact, changed: [...new Set([...(this.updated.get(contact.id)?.changed ?? []), ...changed])] });
    this.remember(contact);
  }

  /** A later row of the same contact wins over an earlier one, except where merge only fills what is empty. */
  custom(contactId: string, row: ImportCandidate, mode: CustomValuesOfContact['mode']): void {
    if (!row.customValues || row.customValues.length === 0) return;
    const entry = this.plan.customValues.get(contactId) ?? { mode, byField: new Map<string, ImportedCustomValue>() };
    for (const value of row.customValues) if (!(mode === 'fill' && entry.byField.has(value.fieldId))) entry.byField.set(value.fieldId, value);
    this.plan.customValues.set(contactId, entry);
  }

  assumed(row: ImportCandidate): void {
    for (const note of row.assumptions) this.plan.assumptions.push({ line: row.line, note });
  }

  reject(line: number, reason: string): void {
    this.plan.counts.rejected++;
    this.plan.rejections.push({ line, reason });
  }

  finish(): BatchPlan {
    this.plan.updates = [...this.updated.values()];
    return this.plan;
  }
}

function newContactOf(row: ImportCandidate, settings: BatchSettings): Contact {
  const { nowIso } = settings;
  let contact = applyContactFields(blankContact(settings.newId(), settings.workspaceId, settings.owner.timeZone, settings.owner.id, nowIso), row.fields, nowIso);
  if (row.doNotContact) contact = markDoNotContact(contact, row.doNotContact.reason, row.doNotContact.at ?? nowIso);
  return { ...contact, updatedAt: nowIso };
}

/** One candidate row: a duplicate updated or skipped, a new contact, or (dry run) one an earlier batch would have made. */
function decideCandidate(state: BatchState, row: ImportCandidate, erased: string[], settings: BatchSettings): void {
  const { counts } = state.plan;
  const match = state.match(row);
  if (match) {
    if (settings.policy === 'skip') {
      counts.skipped++;
      return;
    }
    const result = applyImportedRow(match, row, settings.policy, settings.nowIso);
    state.custom(match.id, row, settings.policy === 'merge' ? 'fill' : 'replace');
    if (result.changed.length === 0) {
      counts.skipped++;
      return;
    }
    counts.updated++;
    if (result.changed.includes('timeZone')) state.assumed(row);
    state.update(result.contact, result.changed);
    if (erased.length > 0) optIn(state, result.contact, erased);
  } else if (settings.dryRun && state.seenBefore(row)) {
    if (settings.policy === 'skip') counts.skipped++;
    else {
      counts.updated++;
      if (settings.policy === 'update') state.assumed(row);
    }
  } else {
    const contact = newContactOf(row, settings);
    state.insert(contact);
    state.custom(contact.id, row, 'new');
    counts.imported++;
    state.assumed(row);
    if (erased.length > 0) optIn(state, contact, erased);
  }
}

function optIn(state: BatchState, contact: Contact, erased: string[]): void {
  state.plan.lifted.push(...erased);
  state.plan.optedIn.push(contact);
}

export function planBatch(outcomes: RowOutcome[], knowledge: BatchKnowledge, settings: BatchSettings): BatchPlan {
  const state = new BatchState(knowledge);
  for (const outcome of outcomes) {
    if (outcome.kind === 'blank') continue;
    state.plan.counts.total++;
    state.plan.counts.processed++;
    if (outcome.kind === 'rejected') {
      state.reject(outcome.line, outcome.reason);
      continue;
    }
    const row = outcome.candidate;
    const erased = knowledge.erasedHashesOf(row);
    if (erased.length > 0 && !settings.allowErased) {
      state.reject(row.line, ERASED_REASON);
      continue;
    }
    try {
      decideCandidate(state, row, erased, settings);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      state.reject(row.line, error.message);
    }
  }
  return state.finish();
}
