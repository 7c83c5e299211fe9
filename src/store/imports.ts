import type { Selectable } from 'kysely';
import type { ImportCounts } from '../core/import/batchPlan.js';
import type { DuplicatePolicy, ImportAssumption, ImportFormat, ImportState, RejectedRow } from '../shared/dataTransfer.js';
import { newId } from './ids.js';
import { bit, bool, type Db } from './db.js';
import type { ImportsTable } from './schema.js';
import type {} from './importsSchema.js';

export type { ImportCounts };

/**
 * Where an import stands. Beyond the API's states: `receiving` while the upload is stored, and
 * `queued` until a worker claims it (the API shows both as running).
 */
export type ImportStatus = ImportState | 'receiving' | 'queued';

/** An import and its resumable progress: counts and where the last committed batch ended. */
export interface ImportRecord extends ImportCounts {
  id: string;
  workspaceId: string;
  userId: string | null;
  state: ImportStatus;
  dryRun: boolean;
  policy: DuplicatePolicy;
  format: ImportFormat;
  preset: string | null;
  allowErased: boolean;
  sourceName: string | null;
  fingerprint: string | null;
  byteOffset: number;
  lineOffset: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every run that takes the import over: each write checks it (fencing). */
  attempt: number;
  /** Until when a worker's claim holds; null when no worker holds it. */
  leaseUntil: string | null;
  /** The size of the file kept in the database for a worker to read; null when it is not kept. */
  storedBytes: number | null;
  /** The user's choice of the field each CSV column holds ("name,email,,phone"), if they made one. */
  columns: string | null;
}

export function toImport(row: Selectable<ImportsTable>): ImportRecord {
  return {
    id: row.id, workspaceId: row.workspace_id, userId: row.user_id, state: row.state, dryRun: bool(row.dry_run),
    policy: row.policy, format: row.format, preset: row.preset, allowErased: bool(row.allow_erased),
    sourceName: row.source_name, fingerprint: row.fingerprint, total: row.total, processed: row.processed, imported: row.imported,
    updated: row.updated, skipped: row.skipped, rejected: row.rejected, byteOffset: Number(row.byte_offset),
    lineOffset: Number(row.line_offset), error: row.error, createdAt: row.created_at, updatedAt: row.updated_at,
    attempt: Number(row.attempt), leaseUntil: row.lease_until, storedBytes: row.stored_bytes === null ? null : Number(row.stored_bytes),
    columns: row.columns,
  };
}

export async function insertImport(db: Db, r: ImportRecord): Promise<void> {
  await db.insertInto('imports').values({
    id: r.id, workspace_id: r.workspaceId, user_id: r.userId, state: r.state, dry_run: bit(r.dryRun), policy: r.policy, format: r.format,
    preset: r.preset, allow_erased: bit(r.allowErased), source_name: r.sourceName, fingerprint: r.fingerprint, total: r.total,
    processed: r.processed, imported: r.imported, updated: r.updated, skipped: r.skipped, rejected: r.rejected,
    byte_offset: r.byteOffset, line_offset: r.lineOffset, error: r.error, created_at: r.createdAt, updated_at: r.updatedAt,
    attempt: r.attempt, lease_until: r.leaseUntil, stored_bytes: r.storedBytes, columns: r.columns,
  }).execute();
}

/** An upload that broke off before the import was announced: nothing of it is kept. */
export async function deleteImport(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('imports').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function findImport(db: Db, workspaceId: string, id: string): Promise<ImportRecord | null> {
  const row = await db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toImport(row) : null;
}

/**
 * Moves the import past one batch, but only if it is still where this run read it from and no
 * other run has taken it over since (the attempt): a second reader cannot commit the same rows
 * twice (the loser's batch rolls back). A worker's lease is renewed with it.
 */
export async function advanceImport(
  db: Db, workspaceId: string, id: string, run: { attempt: number; from: number; leaseUntil: string | null },
  to: { byteOffset: number; lineOffset: number }, delta: ImportCounts, at: string,
): Promise<boolean> {
  const result = await db.updateTable('imports')
    .set((eb) => ({
      total: eb('total', '+', delta.total),
      processed: eb('processed', '+', delta.processed),
      imported: eb('imported', '+', delta.imported),
      updated: eb('updated', '+', delta.updated),
      skipped: eb('skipped', '+', delta.skipped),
      rejected: eb('rejected', '+', delta.rejected),
      byte_offset: to.byteOffset,
      line_offset: to.lineOffset,
      updated_at: at,
      ...(run.leaseUntil ? { lease_until: run.leaseUntil } : {}),
    }))
    .where('workspace_id', '=', workspaceId).where('id', '=', id).where('state', '=', 'running')
    .where('attempt', '=', run.attempt).where('byte_offset', '=', run.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What a run learns as it starts (the preset it detected, the file's fingerprint), if it still holds the import. */
export async function noteImportDetails(
  db: Db, workspaceId: string, id: string, attempt: number, at: string, details: { preset?: string | null; fingerprint?: string | null },
): Promise<boolean> {
  const result = await db.updateTable('imports').set({ updated_at: at, ...details })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).where('attempt', '=', attempt).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertRejections(db: Db, workspaceId: string, importId: string, rows: RejectedRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('import_rejections')
      .values(rows.slice(i, i + 500).map((r) => ({ import_id: importId, workspace_id: workspaceId, line: r.line, reason: r.reason })))
      .execute();
  }
}

/** Rejected rows in file order, after a line (keyset paging). */
export async function listRejections(db: Db, workspaceId: string, importId: string, afterLine: number, limit: number): Promise<RejectedRow[]> {
  const rows = await db.selectFrom('import_rejections').select(['line', 'reason'])
    .where('workspace_id', '=', workspaceId).where('import_id', '=', importId).where('line', '>', afterLine)
    .orderBy('line').limit(limit).execute();
  return rows.map((r) => ({ line: Number(r.line), reason: r.reason }));
}

export async function seenKeys(db: Db, workspaceId: string, importId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('import_keys').select('key').where('workspace_id', '=', workspaceId).where('import_id', '=', importId)
      .where('key', 'in', keys.slice(i, i + 500)).execute();
    for (const row of rows) found.add(row.key);
  }
  return found;
}

export async function addSeenKeys(db: Db, workspaceId: string, importId: string, keys: string[]): Promise<void> {
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 500) {
    await db.insertInto('import_keys').values(unique.slice(i, i + 500).map((key) => ({ import_id: importId, workspace_id: workspaceId, key })))
      .onConflict((oc) => oc.columns(['import_id', 'key']).doNothing()).execute();
  }
}

export async function clearSeenKeys(db: Db, workspaceId: string, importId: string): Promise<void> {
  await db.deleteFrom('import_keys').where('workspace_id', '=', workspaceId).where('import_id', '=', importId).execute();
}

/**
 * What an import assumed to keep a row lives in the audit log, under the import: it is history of
 * what the import did, and needs no table of its own. The note names no person, only the line.
 */
const ASSUMED = { entity: 'import', action: 'import-assumed' } as const;

export async function insertAssumptions(db: Db, workspaceId: string, importId: string, userId: string | null, rows: ImportAssumption[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('audit_log').values(rows.slice(i, i + 500).map((r) => ({
      id: newId(), workspace_id: workspaceId, user_id: userId, entity: ASSUMED.entity, entity_id: importId, action: ASSUMED.action,
      detail: JSON.stringify(r), created_at: at,
    }))).execute();
  }
}

export async function listAssumptions(db: Db, workspaceId: string, importId: string, limit: number): Promise<ImportAssumption[]> {
  const rows = await db.selectFrom('audit_log').select('detail')
    .where('workspace_id', '=', workspaceId).where('entity', '=', ASSUMED.entity).where('entity_id', '=', importId).where('action', '=', ASSUMED.action)
    .orderBy('id').limit(limit).execute();
  return rows.map((r) => JSON.parse(r.detail) as ImportAssumption).sort((a, b) => a.line - b.line);
}
