/**
 * Running an import: the file is read as a stream, rows are decided in batches, and each batch is
 * one transaction that also moves the import record past it. A crash loses at most the batch in
 * flight, which the next run reads again; a committed batch is never read twice (the record's byte
 * offset and attempt are the fence). Memory holds one batch and one row, whatever the file's size.
 */
import { AppError } from '../core/errors.js';
import { rememberingZoneLookup } from '../core/import/candidate.js';
import { parseColumnChoice } from '../core/import/columnMapping.js';
import { chosenCustomKeys, type ImportableCustomField } from '../core/import/customColumns.js';
import { listCustomFields } from '../store/customFields.js';
import { decoderFor, detectDelimiter, isUtf16, sniffEncoding } from '../core/import/fileFormat.js';
import { formatInstant } from '../core/time.js';
import type { ImportPreset } from '../shared/dataTransfer.js';
import * as imports from '../store/imports.js';
import { refreshAllStaleSearchDocuments } from '../store/contactSearch.js';
import { refreshStatistics } from '../store/maintenance.js';
import type { ImportRecord } from '../store/imports.js';
import { finishImport } from '../store/importsQueue.js';
import type { Actor, ServiceDeps } from './deps.js';
import { commitBatch, FencedOut, type BatchRun } from './importBatch.js';
import {
  checkFingerprint, fileProblem, fingerprintOf, HEAD_BYTES, ImportInterrupted, openImportFile, skipBytes, transcodeToUtf8, type ImportSource, type OpenedFile,
} from './importFile.js';
import { csvRows, vcardRows, type RowItem } from './importReaders.js';

export const DEFAULT_BATCH_SIZE = 1000;

export interface RunOptions extends BatchRun {
  batchSize?: number | undefined;
  maxRecordBytes?: number | undefined;
  /**
   * The user's column choice ("name,email,,phone"). It is not stored: the fingerprint remembers it,
   * so a resume must repeat it, and a resume with another choice is refused.
   */
  columns?: string | null | undefined;
  /** Stops between batches (a worker shutting down): ImportInterrupted is thrown, the record left as it is. */
  signal?: AbortSignal | undefined;
  /** After each committed batch. */
  onProgress?: ((record: ImportRecord) => void) | undefined;
}

export { ImportInterrupted };

/**
 * Runs the import held by `options.attempt` to the end, or to the first file-level error (then it
 * is failed with the reason). A run that was taken over stops with a conflict and changes nothing.
 */
export async function executeImport(deps: ServiceDeps, actor: Actor, record: ImportRecord, source: ImportSource, options: RunOptions): Promise<ImportRecord> {
  try {
    return await readAndCommit(deps, actor, record, source, options);
  } catch (error) {
    if (error instanceof FencedOut) throw new AppError('conflict', error.message);
    if (error instanceof ImportInterrupted) throw error;
    const message = error instanceof AppError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    await finishImport(deps.store.db, record.workspaceId, record.id, options.attempt, { state: 'failed', error: message.slice(0, 2000) }, formatInstant(deps.clock()))
      .catch(() => undefined);
    throw error;
  }
}

/** The file's encoding checked and its rows, after the byte-order mark (UTF-16 arrives as UTF-8). */
function rowsOf(deps: ServiceDeps, actor: Actor, file: OpenedFile, record: ImportRecord, options: RunOptions, onPreset: (preset: ImportPreset | null) => Promise<void>, customFields: readonly ImportableCustomField[]): AsyncGenerator<RowItem> {
  const { encoding, bom } = sniffEncoding(file.head, file.complete);
  const problem = fileProblem(file.head, encoding);
  if (problem) throw problem;
  const utf16 = isUtf16(encoding);
  const bytes = utf16 ? transcodeToUtf8(file.bytes, encoding) : skipBytes(file.bytes, bom);
  const common = {
    encoding: utf16 ? 'utf-8' as const : encoding, offset: utf16 ? 0 : bom, maxRecordBytes: options.maxRecordBytes, zoneOf: rememberingZoneLookup(),
    resume: record.byteOffset > 0 ? { offset: record.byteOffset, line: record.lineOffset + 1 } : null,
  };
  if (record.format === 'vcard') return vcardRows(bytes, { ...common, userTimeZone: actor.user.timeZone, nowMs: deps.clock() });
  const sample = utf16 ? new TextDecoder(encoding).decode(file.head) : decoderFor(common.encoding)(file.head.subarray(bom, bom + HEAD_BYTES));
  return csvRows(bytes, {
    ...common, delimiter: detectDelimiter(sample), preset: (record.preset as ImportPreset | null) ?? null,
    chosenColumns: options.columns ? parseColumnChoice(options.columns) : null, onPreset,
    customFields, chosenCustom: options.columns ? chosenCustomKeys(options.columns) : null,
  });
}

const STATISTICS_FIRST_REFRESH_ROWS = 10_000;
/** Written together, search documents cost a fraction of what they cost one by one. */
const SEARCH_DOCUMENTS_PER_TRANSACTION = 5_000;

async function readAndCommit(deps: ServiceDeps, actor: Actor, start: ImportRecord, source: ImportSource, options: RunOptions): Promise<ImportRecord> {
  const db = deps.store.db;
  let record = start;
  const note = async (details: { preset?: string | null; fingerprint?: string | null }): Promise<void> => {
    if (!(await imports.noteImportDetails(db, record.workspaceId, record.id, options.attempt, formatInstant(deps.clock()), details))) {
      throw new FencedOut(`import ${record.id} was taken over by another run`);
    }
    record = { ...record, ...details };
  };
  const file = await openImportFile(source);
  const fingerprint = fingerprintOf(file.head, options.columns);
  if (record.fingerprint !== null) checkFingerprint(record.id, record.fingerprint, fingerprint);
  const customFields = record.format === 'csv' ? await listCustomFields(db, record.workspaceId, 'contact') : [];
  const rows = rowsOf(deps, actor, file, record, options, async (preset) => {
    if (record.preset !== preset) await note({ preset });
  }, customFields);
  if (record.fingerprint === null) await note({ fingerprint });

  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let batch: RowItem[] = [];
  let countable = 0;
  // Duplicate look-ups must keep using their indexes as the table grows: the planner's statistics
  // are refreshed before the first batch and whenever the import has added as many rows again.
  let statisticsAt = 0;
  const freshStatistics = async (): Promise<void> => {
    if (statisticsAt > 0 && record.processed < statisticsAt * 2) return;
    await refreshStatistics(db, deps.store.dialect);
    statisticsAt = Math.max(record.processed, STATISTICS_FIRST_REFRESH_ROWS);
  };
  const commit = async (): Promise<void> => {
    if (batch.length === 0) return;
    if (options.signal?.aborted) throw new ImportInterrupted(`import ${record.id} interrupted after ${record.processed} rows`);
    const items = batch;
    batch = [];
    countable = 0;
    await freshStatistics();
    record = await commitBatch(deps, actor, record, items, options);
    options.onProgress?.(record);
  };
  for await (const item of rows) {
    batch.push(item);
    if (item.outcome.kind !== 'blank') countable++;
    if (countable >= batchSize) await commit();
  }
  await commit();
  // The imported contacts' search documents, in large batches after their rows (store/contactSearch.ts):
  // they are found by search when the import says done, with or without a worker running.
  if (!record.dryRun) await refreshAllStaleSearchDocuments(db, SEARCH_DOCUMENTS_PER_TRANSACTION);

  const finished = await db.transaction().execute(async (trx) => {
    if (record.dryRun) await imports.clearSeenKeys(trx, record.workspaceId, record.id);
    return finishImport(trx, record.workspaceId, record.id, options.attempt, { state: 'done', error: null }, formatInstant(deps.clock()));
  });
  if (!finished) throw new FencedOut(`import ${record.id} was taken over by another run before it could be marked done`);
  const done = await imports.findImport(db, record.workspaceId, record.id);
  if (!done) throw AppError.notFound('import');
  return done;
}
