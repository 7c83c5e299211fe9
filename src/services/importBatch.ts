/**
 * One batch of an import, one transaction: look up what the database knows about the batch's rows,
 * let core decide (planBatch), write the decisions, and move the import record past the batch —
 * only if this run still holds the import (its attempt) and it is still where this run read it
 * from (its byte offset). Otherwise the whole batch rolls back.
 */
import { createHash } from 'node:crypto';
import type { ImportCandidate } from '../core/import/candidate.js';
import { planBatch, type BatchKnowledge, type BatchPlan } from '../core/import/batchPlan.js';
import { phoneKey } from '../core/import/duplicateKeys.js';
import { formatInstant } from '../core/time.js';
import type { Contact } from '../core/types.js';
import { audit } from '../store/audit.js';
import { insertConsentRecord } from '../store/consent.js';
import { updateContact } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as imports from '../store/imports.js';
import type { ImportRecord } from '../store/imports.js';
import { contactsMatching, insertContacts } from '../store/importsContacts.js';
import { hasSuppressions, liftSuppressions, suppressedAmong, suppressionHashesOf } from '../store/suppressions.js';
import type { Actor, ServiceDeps } from './deps.js';
import type { RowItem } from './importReaders.js';
import { writeImportedCustomValues } from './importCustomValues.js';

/** The run a batch belongs to: the attempt that fences it, and a worker's lease to renew with it. */
export interface BatchRun {
  attempt: number;
  /** How long a worker's lease runs from each committed batch; null for a run that holds no lease. */
  leaseMs: number | null;
}

/** Another run took the import over (or moved it on): this one stops and writes nothing more. */
export class FencedOut extends Error {}

/** Hashed keys a dry run remembers between batches (never the email or phone itself). */
const seenKey = (kind: 'e' | 'p', key: string): string => `${kind}:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

const keysOf = (rows: ImportCandidate[]): { emails: string[]; phones: string[] } => ({
  emails: [...new Set(rows.flatMap((c) => (c.emailKey ? [c.emailKey] : [])))],
  phones: [...new Set(rows.flatMap((c) => (c.phoneKey ? [c.phoneKey] : [])))],
});

/** Everything planBatch needs to know about the batch's rows. */
async function lookUp(db: Db, record: ImportRecord, rows: ImportCandidate[]): Promise<BatchKnowledge> {
  const workspaceId = record.workspaceId;
  const { emails, phones } = keysOf(rows);
  const byEmail = new Map<string, Contact>();
  const byPhone = new Map<string, Contact>();
  for (const contact of await contactsMatching(db, workspaceId, emails, phones)) {
    if (contact.email && !byEmail.has(contact.email)) byEmail.set(contact.email, contact);
    const key = phoneKey(contact.phone);
    if (key && !byPhone.has(key)) byPhone.set(key, contact);
  }
  // Most workspaces have erased nobody: then there is nothing to hash or look up.
  const anySuppressed = await hasSuppressions(db, workspaceId);
  const hashesOf = new Map<ImportCandidate, string[]>(anySuppressed
    ? rows.map((c) => [c, suppressionHashesOf(workspaceId, { email: c.emailKey, phone: c.fields.phone })])
    : []);
  const suppressed = anySuppressed ? await suppressedAmong(db, workspaceId, [...new Set([...hashesOf.values()].flat())]) : new Set<string>();
  const seen = record.dryRun
    ? await imports.seenKeys(db, workspaceId, record.id, [...emails.map((e) => seenKey('e', e)), ...phones.map((p) => seenKey('p', p))])
    : new Set<string>();
  return {
    byEmail, byPhone,
    erasedHashesOf: (row) => (hashesOf.get(row) ?? []).filter((h) => suppressed.has(h)),
    seenBefore: (row) => Boolean((row.emailKey && seen.has(seenKey('e', row.emailKey))) || (row.phoneKey && seen.has(seenKey('p', row.phoneKey)))),
  };
}

/** A dry run writes no contact: it remembers the keys of those it would have written. */
async function rememberDryRun(db: Db, record: ImportRecord, plan: BatchPlan): Promise<void> {
  const keys = [...plan.inserts, ...plan.updates.map((u) => u.contact)].flatMap((c) => {
    const phone = phoneKey(c.phone);
    return [...(c.email ? [seenKey('e', c.email)] : []), ...(phone ? [seenKey('p', phone)] : [])];
  });
  if (keys.length > 0) await imports.addSeenKeys(db, record.workspaceId, record.id, keys);
}

async function writeContacts(db: Db, actor: Actor, record: ImportRecord, plan: BatchPlan, nowIso: string, clock: () => number): Promise<void> {
  const workspaceId = record.workspaceId;
  await insertContacts(db, plan.inserts);
  for (const { contact, changed } of plan.updates) {
    await updateContact(db, contact);
    await audit(db, {
      workspaceId, userId: actor.user.id, entity: 'contact', entityId: contact.id, action: `import-${record.policy}`,
      detail: { importId: record.id, fields: changed }, at: nowIso,
    });
  }
  await writeImportedCustomValues(db, workspaceId, plan.customValues);
  if (plan.lifted.length > 0) await liftSuppressions(db, workspaceId, [...new Set(plan.lifted)]);
  for (const contact of plan.optedIn) {
    await insertConsentRecord(db, {
      id: newId(clock()), workspaceId, contactId: contact.id, userId: actor.user.id, kind: 'opt-in',
      detail: `re-imported after erasure with explicit opt-in (import ${record.id})`, createdAt: nowIso,
    });
  }
}

/** One batch: decide every row against the database and the batch so far, write, move the record. */
export async function commitBatch(deps: ServiceDeps, actor: Actor, before: ImportRecord, items: RowItem[], run: BatchRun): Promise<ImportRecord> {
  const last = items[items.length - 1];
  if (!last) return before;
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const leaseUntil = run.leaseMs === null ? null : formatInstant(now + run.leaseMs);
  const outcomes = items.map((item) => item.outcome);
  const rows = outcomes.flatMap((o) => (o.kind === 'candidate' ? [o.candidate] : []));
  const plan = await deps.store.db.transaction().execute(async (trx) => {
    const decided = planBatch(outcomes, await lookUp(trx, before, rows), {
      policy: before.policy, dryRun: before.dryRun, allowErased: before.allowErased, nowIso, workspaceId: before.workspaceId,
      owner: { id: actor.user.id, timeZone: actor.user.timeZone }, newId: () => newId(deps.clock()),
    });
    if (before.dryRun) await rememberDryRun(trx, before, decided);
    else await writeContacts(trx, actor, before, decided, nowIso, deps.clock);
    if (decided.rejections.length > 0) await imports.insertRejections(trx, before.workspaceId, before.id, decided.rejections);
    if (decided.assumptions.length > 0) await imports.insertAssumptions(trx, before.workspaceId, before.id, actor.user.id, decided.assumptions, nowIso);
    const moved = await imports.advanceImport(trx, before.workspaceId, before.id, { attempt: run.attempt, from: before.byteOffset, leaseUntil },
      { byteOffset: last.end, lineOffset: last.lastLine }, decided.counts, nowIso);
    if (!moved) throw new FencedOut(`import ${before.id} was taken over by another run; this run stopped without writing its batch`);
    return decided;
  });
  const c = plan.counts;
  return {
    ...before, total: before.total + c.total, processed: before.processed + c.processed, imported: before.imported + c.imported,
    updated: before.updated + c.updated, skipped: before.skipped + c.skipped, rejected: before.rejected + c.rejected,
    byteOffset: last.end, lineOffset: last.lastLine, updatedAt: nowIso, ...(leaseUntil ? { leaseUntil } : {}),
  };
}
