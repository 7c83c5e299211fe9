import { createHash } from 'node:crypto';
import { applyContactFields, blankContact, markDoNotContact } from '../core/contacts.js';
import { AppError } from '../core/errors.js';
import {
  applyImportedRow, csvRowToCandidate, detectDelimiter, detectPreset, mapChosenColumns, mapHeader, parseColumnChoice, phoneKey,
  vcardToCandidate, type HeaderMapping, type ImportCandidate, type RowOutcome,
} from '../core/importRows.js';
import { CsvTokenizer, notTextProblem, VcardSplitter, type Decode } from '../core/textRecords.js';
import { formatInstant } from '../core/time.js';
import type { Contact } from '../core/types.js';
import {
  ERASED_REASON, type DuplicatePolicy, type ImportAssumption, type ImportFormat, type ImportPreset, type ImportReport, type RejectedRow,
} from '../shared/dataTransfer.js';
import { audit } from '../store/audit.js';
import { insertConsentRecord } from '../store/consent.js';
import { toContact, toRow, updateContact } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as imports from '../store/imports.js';
import type { ImportCounts, ImportRecord } from '../store/imports.js';
import { hasSuppressions, liftSuppressions, suppressedAmong, suppressionHashesOf } from '../store/suppressions.js';
import type { Actor, ServiceDeps } from './deps.js';

/**
 * Contact import, CSV or vCard, streamed: the file is read chunk by chunk, rows are decided in
 * batches, and each batch is one transaction that also moves the import record past it. A crash
 * loses at most the batch in flight, which a resume reads again; a committed batch is never read
 * twice (the record's byte offset is the fence). Memory holds one batch and one row, whatever the
 * file's size.
 */

/** Opens the file from its first byte (again, for a resume). */
export type ImportSource = () => AsyncIterable<Uint8Array>;

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
  /** Stops between batches: the import is left failed ("interrupted"), resumable. */
  signal?: AbortSignal;
  /** After each committed batch. */
  onProgress?: (record: ImportRecord) => void;
  /**
   * The user's column choice (ImportOptions.columns). It is not stored: the fingerprint remembers
   * it, so a resume must repeat it, and a resume with another choice is refused.
   */
  columns?: string | null | undefined;
}

export const DEFAULT_BATCH_SIZE = 1000;
const HEAD_BYTES = 65_536;
const REPORT_REJECTED_LIMIT = 10_000;

/** Imports running in this process: a resume must not start a second reader of the same import. */
const runningHere = new Set<string>();

export async function createImport(deps: ServiceDeps, actor: Actor, options: ImportOptions): Promise<ImportRecord> {
  if (options.columns) {
    if (options.format !== 'csv') throw AppError.invalid('columns', 'columns can be chosen for a CSV file only');
    parseColumnChoice(options.columns);
  }
  const nowIso = formatInstant(deps.clock());
  const record: ImportRecord = {
    id: newId(deps.clock()), workspaceId: actor.workspace.id, userId: actor.user.id, state: 'running', dryRun: options.dryRun,
    policy: options.duplicates, format: options.format, preset: options.preset ?? null, allowErased: options.allowErased,
    sourceName: options.sourceName ?? null, fingerprint: null, total: 0, processed: 0, imported: 0, updated: 0, skipped: 0,
    rejected: 0, byteOffset: 0, lineOffset: 0, error: null, createdAt: nowIso, updatedAt: nowIso,
  };
  await imports.insertImport(deps.store.db, record);
  return record;
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

/** The checks of a resume, done before any work: not done, not running here, the same file. */
export async function prepareResume(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, columns?: string | null): Promise<ImportRecord> {
  const record = await requireImport(deps.store.db, actor, id);
  if (record.state === 'done') throw new AppError('conflict', `import ${id} is already done; nothing to resume`);
  if (runningHere.has(id)) throw new AppError('conflict', `import ${id} is running; wait for it or for its failure`);
  if (record.fingerprint !== null) {
    const iterator = source()[Symbol.asyncIterator]();
    const parts: Uint8Array[] = [];
    let length = 0;
    while (length < HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) break;
      parts.push(next.value);
      length += next.value.length;
    }
    await iterator.return?.();
    checkFingerprint(id, record.fingerprint, fingerprintOf(Buffer.concat(parts), columns));
  }
  await imports.setImportState(deps.store.db, actor.workspace.id, id, 'running', formatInstant(deps.clock()), { error: null });
  return { ...record, state: 'running', error: null };
}

async function requireImport(db: Db, actor: Actor, id: string): Promise<ImportRecord> {
  const record = await imports.findImport(db, actor.workspace.id, id);
  if (!record) throw AppError.notFound('import');
  return record;
}

export async function getImport(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportRecord> {
  return requireImport(deps.store.db, actor, id);
}

export async function importReport(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportReport> {
  const record = await requireImport(deps.store.db, actor, id);
  const rejected = await imports.listRejections(deps.store.db, actor.workspace.id, id, 0, REPORT_REJECTED_LIMIT);
  const assumptions = await imports.listAssumptions(deps.store.db, actor.workspace.id, id, REPORT_REJECTED_LIMIT);
  return {
    id: record.id, state: record.state, dryRun: record.dryRun, format: record.format, preset: record.preset, duplicates: record.policy,
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

// ---------------------------------------------------------------------------------------------
// Bytes: the head (for the fingerprint and sniffing), the encoding, the stream after it.

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Windows-1252's printable characters where Latin-1 has C1 controls (0x80–0x9F). */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function sniffEncoding(head: Buffer, complete: boolean): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // UTF-16 without a byte-order mark: mostly-ASCII text has a zero in every other byte.
  const sample = head.subarray(0, 2000);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  const half = sample.length / 2;
  if (sample.length >= 8 && oddZeros > half * 0.4 && evenZeros < half * 0.05) return { encoding: 'utf-16le', bom: 0 };
  if (sample.length >= 8 && evenZeros > half * 0.4 && oddZeros < half * 0.05) return { encoding: 'utf-16be', bom: 0 };
  // Valid multi-byte UTF-8 sequences against bytes that cannot be UTF-8: a UTF-8 file with a few
  // damaged rows (rejected one by one) is told apart from a Windows-1252 file (decoded as such).
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] ?? 0;
    if (b < 0x80) continue;
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) {
      invalid++;
      continue;
    }
    if (i + length > head.length) {
      if (!complete) break; // cut off by the end of the head
      invalid++;
      continue;
    }
    let ok = true;
    for (let k = 1; k < length; k++) if (((head[i + k] ?? 0) & 0xc0) !== 0x80) ok = false;
    if (ok) {
      valid++;
      i += length - 1;
    } else invalid++;
  }
  return { encoding: invalid > 0 && valid < invalid ? 'windows-1252' : 'utf-8', bom: 0 };
}

export function decoderFor(encoding: Encoding): Decode {
  if (encoding === 'windows-1252') {
    return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
      .replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] ?? c);
  }
  // UTF-16 is transcoded to UTF-8 before splitting, so every other encoding splits as UTF-8.
  return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}

async function* transcodeToUtf8(bytes: AsyncIterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

async function* skipBytes(bytes: AsyncIterable<Uint8Array>, count: number): AsyncGenerator<Uint8Array> {
  let left = count;
  for await (const chunk of bytes) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/**
 * The same file gives the same fingerprint however it is chunked: a hash of exactly its first
 * bytes, and of the column choice when the user made one (after a colon).
 */
function fingerprintOf(head: Buffer, columns: string | null | undefined): string {
  const file = createHash('sha256').update(head.subarray(0, HEAD_BYTES)).digest('hex');
  return columns ? `${file}:${createHash('sha256').update(columns).digest('hex')}` : file;
}

function checkFingerprint(id: string, expected: string, actual: string): void {
  if (expected === actual) return;
  const [expectedFile, expectedColumns = ''] = expected.split(':');
  const [actualFile, actualColumns = ''] = actual.split(':');
  if (expectedFile !== actualFile) throw new AppError('conflict', `this is not the file import ${id} was reading (its first ${HEAD_BYTES} bytes differ)`);
  if (expectedColumns !== actualColumns) throw new AppError('conflict', `import ${id} was reading the file with other columns chosen; resume it with the same columns`);
}

interface OpenedFile {
  head: Buffer;
  complete: boolean;
  bytes: AsyncIterable<Uint8Array>;
}

async function openFile(source: ImportSource): Promise<OpenedFile> {
  const iterator = source()[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  let complete = false;
  while (length < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (complete) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, complete, bytes: bytes() };
}

// ---------------------------------------------------------------------------------------------
// The run.

interface BatchItem {
  outcome: RowOutcome;
  end: number;
  lastLine: number;
}

export async function runImport(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, hooks: ImportHooks = {}): Promise<ImportRecord> {
  if (runningHere.has(id)) throw new AppError('conflict', `import ${id} is already running`);
  runningHere.add(id);
  try {
    return await run(deps, actor, id, source, hooks);
  } catch (error) {
    // Another reader owns the import (it moved the record first): leave its state alone.
    if (!(error instanceof FencedOut)) {
      const message = error instanceof AppError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
      await imports.setImportState(deps.store.db, actor.workspace.id, id, 'failed', formatInstant(deps.clock()), { error: message.slice(0, 2000) })
        .catch(() => undefined);
    }
    throw error instanceof FencedOut ? new AppError('conflict', error.message) : error;
  } finally {
    runningHere.delete(id);
  }
}

class FencedOut extends Error {}

async function run(deps: ServiceDeps, actor: Actor, id: string, source: ImportSource, hooks: ImportHooks): Promise<ImportRecord> {
  const db = deps.store.db;
  const workspaceId = actor.workspace.id;
  let record = await requireImport(db, actor, id);
  const batchSize = Math.max(1, hooks.batchSize ?? DEFAULT_BATCH_SIZE);

  const file = await openFile(source);
  const fingerprint = fingerprintOf(file.head, hooks.columns);
  if (record.fingerprint !== null) checkFingerprint(id, record.fingerprint, fingerprint);
  const { encoding, bom } = sniffEncoding(file.head, file.complete);
  const problem = file.head.length === 0 ? 'the file is empty' : encoding.startsWith('utf-16') ? null : notTextProblem(file.head);
  // Already a sentence about the file: no field name in front of it.
  if (problem) throw new AppError('invalid', problem, [{ path: 'file', message: problem }]);
  const chosenColumns = hooks.columns ? parseColumnChoice(hooks.columns) : null;
  const decode = decoderFor(encoding);
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const bytes = utf16 ? transcodeToUtf8(file.bytes, encoding) : skipBytes(file.bytes, bom);
  const resume = record.byteOffset > 0 ? { offset: record.byteOffset, line: record.lineOffset + 1 } : null;
  const splitterOptions = { decode, offset: utf16 ? 0 : bom, line: 1, resume, ...(hooks.maxRecordBytes ? { maxRecordBytes: hooks.maxRecordBytes } : {}) };
  if (record.fingerprint === null) {
    await imports.setImportState(db, workspaceId, id, 'running', formatInstant(deps.clock()), { fingerprint });
    record = { ...record, fingerprint };
  }

  let mapping: HeaderMapping | null = null;
  let preset: ImportPreset | null = (record.preset as ImportPreset | null) ?? null;
  const batch: BatchItem[] = [];
  let countable = 0;

  const commit = async (): Promise<void> => {
    if (batch.length === 0) return;
    if (hooks.signal?.aborted) throw new AppError('conflict', `import interrupted after ${record.processed} rows; resume it to continue`);
    const items = batch.splice(0, batch.length);
    countable = 0;
    record = await commitBatch(deps, actor, record, items);
    hooks.onProgress?.(record);
  };

  const take = async (outcome: RowOutcome, end: number, lastLine: number): Promise<void> => {
    batch.push({ outcome, end, lastLine });
    if (outcome.kind !== 'blank') countable++;
    if (countable >= batchSize) await commit();
  };

  if (record.format === 'csv') {
    const sample = decode(file.head.subarray(bom, Math.min(file.head.length, bom + HEAD_BYTES)));
    const utf16Sample = utf16 ? new TextDecoder(encoding).decode(file.head) : null;
    const delimiter = detectDelimiter(utf16Sample ?? sample);
    const tokenizer = new CsvTokenizer(delimiter, splitterOptions);
    const onRecord = async (r: ReturnType<CsvTokenizer['push']>[number]): Promise<void> => {
      if (mapping === null) {
        if (r.problem) throw AppError.invalid('file', `the header row (line ${r.line}) cannot be read: ${r.problem}`);
        const header = r.fields.map((h) => h.trim());
        preset ??= detectPreset(header);
        mapping = chosenColumns ? mapChosenColumns(header, chosenColumns, preset) : mapHeader(header, preset);
        if (record.preset !== preset) {
          await imports.setImportState(db, workspaceId, id, 'running', formatInstant(deps.clock()), { preset });
          record = { ...record, preset };
        }
        return;
      }
      const outcome: RowOutcome = r.problem
        ? { kind: 'rejected', line: r.line, reason: r.problem }
        : csvRowToCandidate(mapping, r.fields, r.line, preset === 'followthrough');
      await take(outcome, r.end, r.lastLine);
    };
    for await (const chunk of bytes) for (const r of tokenizer.push(chunk)) await onRecord(r);
    for (const r of tokenizer.end()) await onRecord(r);
  } else {
    const splitter = new VcardSplitter(splitterOptions);
    const vcardContext = { userTimeZone: actor.user.timeZone, nowMs: deps.clock() };
    const onCard = async (c: ReturnType<VcardSplitter['push']>[number]): Promise<void> => {
      const outcome: RowOutcome = c.problem ? { kind: 'rejected', line: c.line, reason: c.problem } : vcardToCandidate(c.lines, c.line, vcardContext);
      await take(outcome, c.end, c.lastLine);
    };
    for await (const chunk of bytes) for (const c of splitter.push(chunk)) await onCard(c);
    for (const c of splitter.end()) await onCard(c);
  }
  await commit();

  const nowIso = formatInstant(deps.clock());
  await db.transaction().execute(async (trx) => {
    if (record.dryRun) await imports.clearSeenKeys(trx, workspaceId, id);
    await imports.setImportState(trx, workspaceId, id, 'done', nowIso, { error: null });
  });
  return requireImport(db, actor, id);
}

/** Hashed keys a dry run remembers between batches (never the email or phone itself). */
const seenKey = (kind: 'e' | 'p', key: string): string => `${kind}:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

/** One batch: decide every row against the database and the batch so far, write, move the record. */
async function commitBatch(deps: ServiceDeps, actor: Actor, before: ImportRecord, items: BatchItem[]): Promise<ImportRecord> {
  const workspaceId = actor.workspace.id;
  const last = items[items.length - 1];
  if (!last) return before;
  const nowIso = formatInstant(deps.clock());
  const candidates = items.flatMap((item) => (item.outcome.kind === 'candidate' ? [item.outcome.candidate] : []));
  const counts: ImportCounts = { total: 0, processed: 0, imported: 0, updated: 0, skipped: 0, rejected: 0 };
  const rejections: RejectedRow[] = [];
  const assumptions: ImportAssumption[] = [];
  const assumed = (row: ImportCandidate): void => {
    for (const note of row.assumptions) assumptions.push({ line: row.line, note });
  };

  await deps.store.db.transaction().execute(async (trx) => {
    const emails = [...new Set(candidates.flatMap((c) => (c.emailKey ? [c.emailKey] : [])))];
    const phones = [...new Set(candidates.flatMap((c) => (c.phoneKey ? [c.phoneKey] : [])))];
    const byEmail = new Map<string, Contact>();
    const byPhone = new Map<string, Contact>();
    for (const contact of await existingContacts(trx, workspaceId, emails, phones)) {
      if (contact.email && !byEmail.has(contact.email)) byEmail.set(contact.email, contact);
      const key = phoneKey(contact.phone);
      if (key && !byPhone.has(key)) byPhone.set(key, contact);
    }
    // Most workspaces have erased nobody: then there is nothing to hash or look up.
    const anySuppressed = await hasSuppressions(trx, workspaceId);
    const hashesOf = new Map<ImportCandidate, string[]>(anySuppressed
      ? candidates.map((c) => [c, suppressionHashesOf(workspaceId, { email: c.emailKey, phone: c.fields.phone })])
      : []);
    const suppressed = anySuppressed ? await suppressedAmong(trx, workspaceId, [...new Set([...hashesOf.values()].flat())]) : new Set<string>();
    const seen = before.dryRun
      ? await imports.seenKeys(trx, workspaceId, before.id, [...emails.map((e) => seenKey('e', e)), ...phones.map((p) => seenKey('p', p))])
      : new Set<string>();

    const inserts: Contact[] = [];
    const insertedAt = new Map<string, number>();
    const updates = new Map<string, { contact: Contact; changed: string[] }>();
    const lifted: string[] = [];
    const optedIn: Contact[] = [];
    // The newest version of each contact this batch touched: a map entry may point at an older one.
    const latest = new Map<string, Contact>();
    const remember = (contact: Contact): void => {
      latest.set(contact.id, contact);
      if (contact.email) byEmail.set(contact.email, contact);
      const key = phoneKey(contact.phone);
      if (key) byPhone.set(key, contact);
    };

    for (const item of items) {
      const outcome = item.outcome;
      if (outcome.kind === 'blank') continue;
      counts.total++;
      counts.processed++;
      if (outcome.kind === 'rejected') {
        counts.rejected++;
        rejections.push({ line: outcome.line, reason: outcome.reason });
        continue;
      }
      const row = outcome.candidate;
      const hashes = hashesOf.get(row) ?? [];
      const erased = hashes.filter((h) => suppressed.has(h));
      if (erased.length > 0 && !before.allowErased) {
        counts.rejected++;
        rejections.push({ line: row.line, reason: ERASED_REASON });
        continue;
      }
      const byPhoneMatch = row.phoneKey ? byPhone.get(row.phoneKey) : undefined;
      // By email first; by phone only when the emails do not say these are two people.
      const found = (row.emailKey ? byEmail.get(row.emailKey) : undefined)
        ?? (byPhoneMatch && !(row.emailKey && byPhoneMatch.email && byPhoneMatch.email !== row.emailKey) ? byPhoneMatch : undefined);
      const match = found ? latest.get(found.id) ?? found : undefined;
      const seenBefore = before.dryRun && !match
        && ((row.emailKey && seen.has(seenKey('e', row.emailKey))) || (row.phoneKey && seen.has(seenKey('p', row.phoneKey))));
      try {
        if (match) {
          if (before.policy === 'skip') {
            counts.skipped++;
            continue;
          }
          const result = applyImportedRow(match, row, before.policy, nowIso);
          if (result.changed.length === 0) {
            counts.skipped++;
            continue;
          }
          counts.updated++;
          if (result.changed.includes('timeZone')) assumed(row);
          const inserted = insertedAt.get(match.id);
          if (inserted !== undefined) inserts[inserted] = result.contact;
          else updates.set(match.id, { contact: result.contact, changed: [...new Set([...(updates.get(match.id)?.changed ?? []), ...result.changed])] });
          remember(result.contact);
          if (erased.length > 0) {
            lifted.push(...erased);
            optedIn.push(result.contact);
          }
        } else if (seenBefore) {
          // A dry run's earlier batch would have imported this person.
          if (before.policy === 'skip') counts.skipped++;
          else {
            counts.updated++;
            if (before.policy === 'update') assumed(row);
          }
        } else {
          let contact = applyContactFields(blankContact(newId(deps.clock()), workspaceId, actor.user.timeZone, actor.user.id, nowIso), row.fields, nowIso);
          if (row.doNotContact) contact = markDoNotContact(contact, row.doNotContact.reason, row.doNotContact.at ?? nowIso);
          contact = { ...contact, updatedAt: nowIso };
          insertedAt.set(contact.id, inserts.push(contact) - 1);
          remember(contact);
          counts.imported++;
          assumed(row);
          if (erased.length > 0) {
            lifted.push(...erased);
            optedIn.push(contact);
          }
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        counts.rejected++;
        rejections.push({ line: row.line, reason: error.message });
      }
    }

    if (before.dryRun) {
      const keys = [...inserts, ...[...updates.values()].map((u) => u.contact)].flatMap((c) => {
        const phone = phoneKey(c.phone);
        return [...(c.email ? [seenKey('e', c.email)] : []), ...(phone ? [seenKey('p', phone)] : [])];
      });
      if (keys.length > 0) await imports.addSeenKeys(trx, workspaceId, before.id, keys);
    } else {
      for (let i = 0; i < inserts.length; i += 400) await trx.insertInto('contacts').values(inserts.slice(i, i + 400).map(toRow)).execute();
      for (const { contact, changed } of updates.values()) {
        await updateContact(trx, contact);
        await audit(trx, {
          workspaceId, userId: actor.user.id, entity: 'contact', entityId: contact.id, action: `import-${before.policy}`,
          detail: { importId: before.id, fields: changed }, at: nowIso,
        });
      }
      if (lifted.length > 0) await liftSuppressions(trx, workspaceId, [...new Set(lifted)]);
      for (const contact of optedIn) {
        await insertConsentRecord(trx, {
          id: newId(deps.clock()), workspaceId, contactId: contact.id, userId: actor.user.id, kind: 'opt-in',
          detail: `re-imported after erasure with explicit opt-in (import ${before.id})`, createdAt: nowIso,
        });
      }
    }
    if (rejections.length > 0) await imports.insertRejections(trx, workspaceId, before.id, rejections);
    if (assumptions.length > 0) await imports.insertAssumptions(trx, workspaceId, before.id, actor.user.id, assumptions, nowIso);
    const moved = await imports.advanceImport(trx, workspaceId, before.id, before.byteOffset, { byteOffset: last.end, lineOffset: last.lastLine }, counts, nowIso);
    if (!moved) throw new FencedOut(`import ${before.id} was moved on by another run; this run stopped without writing its batch`);
  });

  return {
    ...before, total: before.total + counts.total, processed: before.processed + counts.processed, imported: before.imported + counts.imported,
    updated: before.updated + counts.updated, skipped: before.skipped + counts.skipped, rejected: before.rejected + counts.rejected,
    byteOffset: last.end, lineOffset: last.lastLine, updatedAt: nowIso,
  };
}

async function existingContacts(db: Db, workspaceId: string, emails: string[], phones: string[]): Promise<Contact[]> {
  const found = new Map<string, Contact>();
  const lookups: Array<['email' | 'phone_key', string[]]> = [['email', emails], ['phone_key', phones]];
  for (const [column, values] of lookups) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId)
        .where(column, 'in', values.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.id, toContact(row));
    }
  }
  // The oldest contact with an email or phone is the one a duplicate is matched to.
  return [...found.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}
