/**
 * Imports as queued work. The request that uploads a file only stores it and queues the import; a
 * worker claims it the way the outbox worker claims mail: a new attempt number that fences every
 * write, and a lease the worker renews while it runs. A worker that dies leaves the import for
 * another to take over once the lease runs out, continuing after the last committed batch; a
 * worker that stops hands it back. Safe with several workers on one database.
 */
import { AppError } from '../core/errors.js';
import { interruptedMessage, runnerGone } from '../core/import/interruption.js';
import { formatInstant } from '../core/time.js';
import * as accounts from '../store/accounts.js';
import type { Db } from '../store/db.js';
import * as imports from '../store/imports.js';
import type { ImportRecord } from '../store/imports.js';
import {
  ABANDONED_UPLOAD, claimNextImport, failAbandonedUploads, finishImport, interruptImport, listRunningWithoutFile, markQueued, releaseImport,
  renewImportLease, startReceiving, touchReceiving,
} from '../store/importsQueue.js';
import type { Actor, ServiceDeps } from './deps.js';
import { checkFingerprint, fingerprintOf, openImportFile, storeFile, storedFileSource } from './importFile.js';
import { executeImport, ImportInterrupted } from './importRun.js';

// ---------------------------------------------------------------------------------------------
// In this process: an import queued here wakes the import workers running here at once.

const listeners = new Set<() => void>();
let workersHere = 0;

/** Called whenever an import is queued in this process; returns the unsubscribe. */
export function onImportQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announceImportQueued(): void {
  for (const listener of listeners) listener();
}

/** An import worker runs in this process (until the returned function is called). */
export function registerImportWorker(): () => void {
  workersHere += 1;
  let registered = true;
  return () => {
    if (registered) workersHere -= 1;
    registered = false;
  };
}

export const importWorkersHere = (): number => workersHere;

// ---------------------------------------------------------------------------------------------
// Queueing: the upload is stored, then the import waits for a worker.

/**
 * Stores the file of an import created in state `receiving` and queues it. If the upload breaks
 * off, the import is forgotten: its id was never given out.
 */
export async function queueNewImport(deps: ServiceDeps, record: ImportRecord, body: AsyncIterable<Uint8Array>): Promise<ImportRecord> {
  const db = deps.store.db;
  let size: number;
  try {
    size = await storeFile(db, record.id, body, { onChunk: () => touchReceiving(db, record.id, formatInstant(deps.clock())) });
  } catch (error) {
    await imports.deleteImport(db, record.workspaceId, record.id);
    throw error;
  }
  await markQueued(db, record.workspaceId, record.id, size, formatInstant(deps.clock()));
  announceImportQueued();
  return { ...record, state: 'queued', storedBytes: size };
}

/**
 * Why an import cannot be resumed now: done, or still being read by a worker. A run in a process of
 * its own (the CLI) may be taken over at once: the new run's attempt fences the old one out.
 */
export function notResumable(record: ImportRecord, nowIso: string): AppError | null {
  if (record.state === 'done') return new AppError('conflict', `import ${record.id} is already done; nothing to resume`);
  const leased = record.state === 'running' && record.storedBytes !== null && record.leaseUntil !== null && record.leaseUntil > nowIso;
  if (leased || record.state === 'queued' || record.state === 'receiving') {
    return new AppError('conflict', `import ${record.id} is running; wait for it or for its failure`);
  }
  return null;
}

/**
 * Queues the continuation of a failed or crashed import with the file sent again. The file is
 * checked against the one the import was reading (its first bytes and the column choice) before
 * anything is stored.
 */
export async function queueResume(deps: ServiceDeps, record: ImportRecord, body: AsyncIterable<Uint8Array>, columns: string | null): Promise<void> {
  const db = deps.store.db;
  const refused = notResumable(record, formatInstant(deps.clock()));
  if (refused) throw refused;
  const file = await openImportFile(() => body);
  if (record.fingerprint !== null) checkFingerprint(record.id, record.fingerprint, fingerprintOf(file.head, columns));
  const receiving = await startReceiving(db, record.workspaceId, record.id, formatInstant(deps.clock()), columns);
  if (!receiving) throw new AppError('conflict', `import ${record.id} is running; wait for it or for its failure`);
  let size: number;
  try {
    size = await storeFile(db, record.id, file.bytes, { onChunk: () => touchReceiving(db, record.id, formatInstant(deps.clock())) });
  } catch (error) {
    await finishImport(db, record.workspaceId, record.id, receiving.attempt, { state: 'failed', error: ABANDONED_UPLOAD }, formatInstant(deps.clock()));
    throw error;
  }
  await markQueued(db, record.workspaceId, record.id, size, formatInstant(deps.clock()));
  announceImportQueued();
}

// ---------------------------------------------------------------------------------------------
// Claiming and running.

/** Claims the next import to run (or the given one), under a lease of `leaseMs`. */
export async function claimImport(deps: ServiceDeps, options: { leaseMs: number; id?: string }): Promise<ImportRecord | null> {
  const now = deps.clock();
  return deps.store.db.transaction().execute((trx) =>
    claimNextImport(trx, deps.store.dialect, formatInstant(now), formatInstant(now + options.leaseMs), options.id));
}

/** Uploads whose server stopped while receiving them (idle for an hour) end as failed. */
export async function failAbandonedImportUploads(deps: ServiceDeps, idleMs = 3_600_000): Promise<number> {
  const now = deps.clock();
  return failAbandonedUploads(deps.store.db, formatInstant(now - idleMs), formatInstant(now));
}

/**
 * Imports whose runner is gone (a CLI run whose process died: its lease ran out, and there is no
 * stored file a worker could continue from) fail as interrupted, saying how to resume. Run when a
 * worker starts and every sweep after; an uploaded import is taken over by a worker instead.
 */
export async function interruptAbandonedImports(deps: ServiceDeps): Promise<number> {
  let interrupted = 0;
  for (const record of await listRunningWithoutFile(deps.store.db)) {
    if ((await interruptIfAbandoned(deps, record)).state === 'failed') interrupted += 1;
  }
  return interrupted;
}

/** The import as it stands: interrupted first if its runner is gone (so a report never reads `running` forever). */
export async function interruptIfAbandoned(deps: ServiceDeps, record: ImportRecord): Promise<ImportRecord> {
  const now = deps.clock();
  if (!runnerGone(record, now)) return record;
  const error = interruptedMessage(record);
  const nowIso = formatInstant(now);
  if (await interruptImport(deps.store.db, record, error, nowIso)) return { ...record, state: 'failed', error, leaseUntil: null, updatedAt: nowIso };
  return (await imports.findImport(deps.store.db, record.workspaceId, record.id)) ?? record;
}

/** The import's rows become its user's: who acts while a worker runs it, if they are still a member. */
async function actorOf(db: Db, record: ImportRecord): Promise<Actor | null> {
  const workspace = await accounts.findWorkspace(db, record.workspaceId);
  const role = workspace && record.userId ? await accounts.findMembership(db, workspace.id, record.userId) : null;
  const user = role && record.userId ? await accounts.findUserById(db, record.userId) : null;
  return workspace && role && user ? { user, workspace, role } : null;
}

export interface ClaimedRunOptions {
  leaseMs: number;
  batchSize?: number | undefined;
  /** The worker stops: the import is handed back between batches. */
  signal?: AbortSignal | undefined;
  /** After each committed batch. */
  onProgress?: ((record: ImportRecord) => void) | undefined;
}

/**
 * Runs a claimed import, renewing its lease while it runs. Resolves with the finished import, or
 * null when the run stopped without finishing it: handed back, taken over by another worker, or
 * failed (the record says why).
 */
export async function runClaimedImport(deps: ServiceDeps, claimed: ImportRecord, options: ClaimedRunOptions): Promise<ImportRecord | null> {
  const db = deps.store.db;
  const actor = await actorOf(db, claimed);
  if (!actor) {
    const error = 'the user who started this import is no longer a member of its workspace';
    await finishImport(db, claimed.workspaceId, claimed.id, claimed.attempt, { state: 'failed', error }, formatInstant(deps.clock()));
    return null;
  }
  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    void renewImportLease(db, claimed.id, claimed.attempt, formatInstant(deps.clock() + options.leaseMs))
      .then((held) => { if (!held) lost.abort(); }, () => undefined);
  }, Math.max(50, Math.floor(options.leaseMs / 3)));
  const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
  try {
    return await executeImport(deps, actor, claimed, storedFileSource(db, claimed.id, signal), {
      attempt: claimed.attempt, leaseMs: options.leaseMs, batchSize: options.batchSize, columns: claimed.columns, signal,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (error instanceof ImportInterrupted) {
      if (!lost.signal.aborted) await releaseImport(db, claimed.id, claimed.attempt, formatInstant(deps.clock()));
      return null;
    }
    // A file or row-mapping error failed the import with its reason; a conflict means another run holds it.
    if (error instanceof AppError) return null;
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}
