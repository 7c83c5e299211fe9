/**
 * An import's life as work to claim, like an outbox row's: queued → running under a worker's lease
 * → done or failed. Every change names the attempt it was made under, so a run that lost the import
 * (its lease ran out and another run took over) changes nothing.
 */
import type { DialectName } from './connect.js';
import type { Db } from './db.js';
import { toImport, type ImportRecord } from './imports.js';
import { deleteFileChunks } from './importsFile.js';

/**
 * Locks and claims the next import a worker may run: queued with its file stored, or running under
 * a lease that ran out (its worker died). PostgreSQL skips imports another worker holds; SQLite's
 * BEGIN IMMEDIATE already serialises the claiming transactions. Call inside a transaction.
 */
export async function claimNextImport(db: Db, dialect: DialectName, nowIso: string, leaseUntil: string, onlyId?: string): Promise<ImportRecord | null> {
  let query = db.selectFrom('imports').selectAll().where('stored_bytes', 'is not', null)
    .where((eb) => eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('lease_until', '<', nowIso)])]))
    .orderBy('created_at').orderBy('id').limit(1);
  if (onlyId) query = query.where('id', '=', onlyId);
  const row = dialect === 'postgres' ? await query.forUpdate().skipLocked().executeTakeFirst() : await query.executeTakeFirst();
  if (!row) return null;
  const found = toImport(row);
  const attempt = found.attempt + 1;
  const result = await db.updateTable('imports').set({ state: 'running', attempt, lease_until: leaseUntil, error: null, updated_at: nowIso })
    .where('id', '=', found.id).where('attempt', '=', found.attempt).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...found, state: 'running', attempt, leaseUntil, error: null, updatedAt: nowIso } : null;
}

/** The worker still holds the import: its lease runs on to `leaseUntil`. False when it lost it. */
export async function renewImportLease(db: Db, id: string, attempt: number, leaseUntil: string): Promise<boolean> {
  const result = await db.updateTable('imports').set({ lease_until: leaseUntil })
    .where('id', '=', id).where('attempt', '=', attempt).where('state', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A worker stopping mid-import hands it back: queued again, for the next worker to continue. */
export async function releaseImport(db: Db, id: string, attempt: number, at: string): Promise<void> {
  await db.updateTable('imports').set({ state: 'queued', lease_until: null, updated_at: at })
    .where('id', '=', id).where('attempt', '=', attempt).where('state', '=', 'running').execute();
}

/**
 * A run that reads the file itself (the CLI, a resume through the service) takes the import over:
 * a new attempt fences out any earlier run, and no worker will claim it (its stored file is gone).
 * Its lease says it is alive: once it runs out, the import is interrupted (interruptImport).
 */
export async function takeOverImport(db: Db, workspaceId: string, id: string, at: string, leaseUntil: string): Promise<ImportRecord | null> {
  await db.updateTable('imports').set((eb) => ({
    state: 'running', attempt: eb('attempt', '+', 1), lease_until: leaseUntil, stored_bytes: null, error: null, updated_at: at,
  })).where('workspace_id', '=', workspaceId).where('id', '=', id).where('state', '!=', 'done').execute();
  await deleteFileChunks(db, id);
  const row = await db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && row.state === 'running' ? toImport(row) : null;
}

/**
 * The file of an import's resume starts to arrive: earlier runs are fenced out and no worker claims
 * it until it is whole. Null when it is done or a worker's lease still holds it.
 */
export async function startReceiving(db: Db, workspaceId: string, id: string, nowIso: string, columns: string | null): Promise<ImportRecord | null> {
  const result = await db.updateTable('imports').set((eb) => ({
    state: 'receiving', attempt: eb('attempt', '+', 1), lease_until: null, stored_bytes: null, error: null, updated_at: nowIso, columns,
  })).where('workspace_id', '=', workspaceId).where('id', '=', id).where('state', 'in', ['running', 'failed'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  await deleteFileChunks(db, id);
  const row = await db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toImport(row) : null;
}

/** The whole file is stored: the import waits for a worker. */
export async function markQueued(db: Db, workspaceId: string, id: string, storedBytes: number, at: string): Promise<boolean> {
  const result = await db.updateTable('imports').set({ state: 'queued', stored_bytes: storedBytes, updated_at: at })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).where('state', '=', 'receiving').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The end of a run: done, or failed with the reason. Its stored file is no longer needed (a resume
 * sends the file again). False when another run holds the import now.
 */
export async function finishImport(
  db: Db, workspaceId: string, id: string, attempt: number, outcome: { state: 'done' | 'failed'; error: string | null }, at: string,
): Promise<boolean> {
  const result = await db.updateTable('imports').set({ state: outcome.state, error: outcome.error, lease_until: null, stored_bytes: null, updated_at: at })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).where('attempt', '=', attempt).where('state', 'in', ['running', 'receiving'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await deleteFileChunks(db, id);
  return true;
}

export const ABANDONED_UPLOAD = 'the upload of the file broke off; send the file again to resume the import';

/** Uploads nobody is still receiving (their server stopped mid-upload) end as failed, and their bytes go. */
export async function failAbandonedUploads(db: Db, idleSinceIso: string, nowIso: string): Promise<number> {
  const rows = await db.updateTable('imports').set({ state: 'failed', error: ABANDONED_UPLOAD, stored_bytes: null, updated_at: nowIso })
    .where('state', '=', 'receiving').where('updated_at', '<', idleSinceIso).returning('id').execute();
  for (const row of rows) await deleteFileChunks(db, row.id);
  return rows.length;
}

/** Keeps an upload in progress from looking abandoned. */
export async function touchReceiving(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('imports').set({ updated_at: at }).where('id', '=', id).where('state', '=', 'receiving').execute();
}

/** Imports that read `running` with no stored file: run by a process of their own, alive or not. */
export async function listRunningWithoutFile(db: Db): Promise<ImportRecord[]> {
  const rows = await db.selectFrom('imports').selectAll().where('state', '=', 'running').where('stored_bytes', 'is', null).execute();
  return rows.map(toImport);
}

/**
 * The import's runner is gone: it fails with `error`, unless it changed since it was read (a new
 * run took it over, or its runner renewed the lease after all).
 */
export async function interruptImport(db: Db, seen: ImportRecord, error: string, at: string): Promise<boolean> {
  const result = await db.updateTable('imports').set({ state: 'failed', error, lease_until: null, updated_at: at })
    .where('id', '=', seen.id).where('attempt', '=', seen.attempt).where('state', '=', 'running').where('stored_bytes', 'is', null)
    .where('lease_until', seen.leaseUntil === null ? 'is' : '=', seen.leaseUntil).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
