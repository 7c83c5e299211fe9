/**
 * Contact import, CSV or vCard: the use cases. An upload over HTTP is stored and queued for a
 * worker (importQueue.ts); the CLI, which has the file at hand, runs the import itself. Either way
 * the run (importRun.ts) reads the file as a stream and commits a batch of rows per transaction,
 * so a crash loses at most the batch in flight and a resume continues after the last one.
 */
import { AppError } from '../core/errors.js';
import { parseColumnChoice } from '../core/import/columnMapping.js';
import { IN_PROCESS_LEASE_MS } from '../core/import/interruption.js';
import { formatInstant } from '../core/time.js';
import type { DuplicatePolicy, ImportFormat, ImportPreset, ImportReport, ImportState, RejectedRow } from '../shared/dataTransfer.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as imports from '../store/imports.js';
import type { ImportRecord } from '../store/imports.js';
import { renewImportLease, takeOverImport } from '../store/importsQueue.js';
import type { Actor, ServiceDeps } from './deps.js';
import { checkFingerprint, fingerprintOf, readHead, type ImportSource } from './importFile.js';
import { interruptIfAbandoned, notResumable, queueNewImport, queueResume } from './importQueue.js';
import { DEFAULT_BATCH_SIZE, executeImport } from './importRun.js';

export { DEFAULT_BATCH_SIZE };
export type { ImportSource };

export interface ImportOptions {
  format: ImportFormat;
  preset?: ImportPreset | undefined;
  dryRun: boolean;
  duplicates: DuplicatePolicy;
  allowErased: boolean;
  sourceName?: string | null | undefined;
  /** CSV: the field each column holds ("name,email,,phone"), instead of the preset's mapping. */
  columns?: string | null | undefined;
}

export interface ImportHooks {
  batchSize?: number;
  maxRecordBytes?: number;
  /** After each committed batch. */
  onProgress?: (record: ImportRecord) => void;
  /** The user's column choice (ImportOptions.columns); a resume must repeat it (the fingerprint remembers it). */
  columns?: string | null | undefined;
}

const REPORT_REJECTED_LIMIT = 10_000;

function newImportRecord(deps: ServiceDeps, actor: Actor, options: ImportOptions, state: 'running' | 'receiving'): ImportRecord {
  if (options.columns) {
    if (options.format !== 'csv') throw AppError.invalid('columns', 'columns can be chosen for a CSV file only');
    parseColumnChoice(options.columns);
  }
  const nowIso = formatInstant(deps.clock());
  return {
    id: newId(deps.clock()), workspaceId: actor.workspace.id, userId: actor.user.id, state, dryRun: options.dryRun,
    policy: options.duplicates, format: options.format, preset: options.preset ?? null, allowErased: options.allowErased,
    sourceName: options.sourceName ?? null, fingerprint: null, total: 0, processed: 0, imported: 0, updated: 0, skipped: 0,
    rejected: 0, byteOffset: 0, lineOffset: 0, error: null, createdAt: nowIso, updatedAt: nowIso,
    attempt: 0, leaseUntil: null, storedBytes: null, columns: options.columns || null,
  };
}

/** Records an import that the caller runs itself (runImport), with the file at hand. */
export async function createImport(deps: ServiceDeps, actor: Actor, options: ImportOptions): Promise<ImportRecord> {
  const record = newImportRecord(deps, actor, options, 'running');
  await imports.insertImport(deps.store.db, record);
  return record;
}

/** Records an uploaded import, stores its file and queues it for a worker; returns once it is queued. */
export async function queueImport(deps: ServiceDeps, actor: Actor, options: ImportOptions, body: AsyncIterable<Uint8Array>): Promise<ImportRecord> {
  const record = newImportRecord(deps, actor, options, 'receiving');
  await imports.insertImport(deps.store.db, record);
  return queueNewImport(deps, record, body);
}

/** Queues the continuation of an interrupted import, with the same file sent again. */
export async function queueImportResume(deps: ServiceDeps, actor: Actor, id: string, body: AsyncIterable<Uint8Array>, columns: string | null | undefined): Promise<void> {
  await queueResume(deps, await requireImport(deps.store.db, actor, id), body, columns || null);
}

/** Creates the import and runs it to the end (or to the first file-level error). */
export async function importContacts(deps: ServiceDeps, actor: Actor, options: ImportOptions, source: ImportSource, hooks: ImportHooks = {}): Promise<ImportRecord> {
  const record = await createImport(deps, actor, options);
  return runImport(deps, actor, record.id, source, { ...hooks, columns: options.columns });
}

/** Continues an import that crashed or failed, after its last committed batch. The file must be the same. */
export async function resumeImport(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, hooks: ImportHooks = {}): Promise<ImportRecord> {
  await prepareResume(deps, actor, id, source, hooks.columns);
  return runImport(deps, actor, id, source, hooks);
}

/** The checks of a resume, done before any work: not done, not held by a worker, the same file. */
export async function prepareResume(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, columns?: string | null): Promise<ImportRecord> {
  const record = await requireImport(deps.store.db, actor, id);
  const refused = notResumable(record, formatInstant(deps.clock()));
  if (refused) throw refused;
  if (record.fingerprint !== null) checkFingerprint(id, record.fingerprint, fingerprintOf(await readHead(source), columns));
  return { ...record, state: 'running', error: null };
}

/**
 * Runs the import in this process, reading the file from `source`. It takes the import over (a new
 * attempt), so an earlier run still going somewhere stops at its next batch instead of doubling rows.
 * It holds a lease while it runs, renewed by a heartbeat and by every batch: if this process dies,
 * the lease runs out and the import becomes interrupted instead of reading `running` forever.
 */
export async function runImport(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, hooks: ImportHooks = {}): Promise<ImportRecord> {
  const db = deps.store.db;
  await requireImport(db, actor, id);
  const leaseUntil = (): string => formatInstant(deps.clock() + IN_PROCESS_LEASE_MS);
  const record = await takeOverImport(db, actor.workspace.id, id, formatInstant(deps.clock()), leaseUntil());
  if (!record) throw new AppError('conflict', `import ${id} is already done; nothing to resume`);
  const heartbeat = setInterval(() => { void renewImportLease(db, id, record.attempt, leaseUntil()).catch(() => undefined); }, IN_PROCESS_LEASE_MS / 3);
  heartbeat.unref();
  try {
    return await executeImport(deps, actor, record, source, {
      attempt: record.attempt, leaseMs: IN_PROCESS_LEASE_MS, batchSize: hooks.batchSize, maxRecordBytes: hooks.maxRecordBytes, columns: hooks.columns,
      onProgress: hooks.onProgress,
    });
  } finally {
    clearInterval(heartbeat);
  }
}

async function requireImport(db: Db, actor: Actor, id: string): Promise<ImportRecord> {
  const record = await imports.findImport(db, actor.workspace.id, id);
  if (!record) throw AppError.notFound('import');
  return record;
}

export async function getImport(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportRecord> {
  return requireImport(deps.store.db, actor, id);
}

/** The API's states: an import waiting for its upload or for a worker is running, as far as anyone can tell. */
const publicState = (record: ImportRecord): ImportState => (record.state === 'queued' || record.state === 'receiving' ? 'running' : record.state);

export async function importReport(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportReport> {
  const record = await interruptIfAbandoned(deps, await requireImport(deps.store.db, actor, id));
  const rejected = await imports.listRejections(deps.store.db, actor.workspace.id, id, 0, REPORT_REJECTED_LIMIT);
  const assumptions = await imports.listAssumptions(deps.store.db, actor.workspace.id, id, REPORT_REJECTED_LIMIT);
  return {
    id: record.id, state: publicState(record), dryRun: record.dryRun, format: record.format, preset: record.preset, duplicates: record.policy,
    allowErased: record.allowErased, sourceName: record.sourceName, total: record.total, processed: record.processed,
    imported: record.imported, updated: record.updated, skipped: record.skipped, rejectedCount: record.rejected, rejected,
    rejectedTruncated: record.rejected > rejected.length, assumptions, bytesProcessed: record.byteOffset, error: record.error,
    createdAt: record.createdAt, updatedAt: record.updatedAt,
  };
}

/** Every rejected row after `afterLine`, in file order. */
export async function importRejections(deps: ServiceDeps, actor: Actor, id: string, afterLine: number, limit: number): Promise<RejectedRow[]> {
  await requireImport(deps.store.db, actor, id);
  return imports.listRejections(deps.store.db, actor.workspace.id, id, afterLine, limit);
}
