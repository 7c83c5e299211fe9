/**
 * The bytes of an import file: opened from its first byte (again, for a resume), its head kept
 * for sniffing and fingerprinting, UTF-16 transcoded to UTF-8 on the way, and the file kept in
 * the database in chunks while a queued import waits for a worker.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { isUtf16, notTextProblem, type Encoding } from '../core/import/fileFormat.js';
import type { Db } from '../store/db.js';
import { appendFileChunk, fileChunk } from '../store/importsFile.js';

/** The run stopped because it was asked to (a worker shutting down); the import can be continued. */
export class ImportInterrupted extends Error {}

/** Opens the file from its first byte (again, for a resume). */
export type ImportSource = () => AsyncIterable<Uint8Array>;

/** What is sniffed and fingerprinted: the file's first bytes. */
export const HEAD_BYTES = 65_536;

export interface OpenedFile {
  head: Buffer;
  /** The head is the whole file. */
  complete: boolean;
  /** Every byte of the file, the head first. */
  bytes: AsyncIterable<Uint8Array>;
}

export async function openImportFile(source: ImportSource): Promise<OpenedFile> {
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

/** Only the head, the rest left unread. */
export async function readHead(source: ImportSource): Promise<Buffer> {
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
  return Buffer.concat(parts);
}

/** Why the file cannot be imported at all (empty, a workbook, a PDF, binary data), as a sentence about the file. */
export function fileProblem(head: Uint8Array, encoding: Encoding): AppError | null {
  const problem = head.length === 0 ? 'the file is empty' : isUtf16(encoding) ? null : notTextProblem(head);
  return problem ? new AppError('invalid', problem, [{ path: 'file', message: problem }]) : null;
}

/**
 * The same file gives the same fingerprint however it is chunked: a hash of exactly its first
 * bytes, and of the column choice when the user made one (after a colon).
 */
export function fingerprintOf(head: Uint8Array, columns: string | null | undefined): string {
  const file = createHash('sha256').update(head.subarray(0, HEAD_BYTES)).digest('hex');
  return columns ? `${file}:${createHash('sha256').update(columns).digest('hex')}` : file;
}

export function checkFingerprint(id: string, expected: string, actual: string): void {
  if (expected === actual) return;
  const [expectedFile, expectedColumns = ''] = expected.split(':');
  const [actualFile, actualColumns = ''] = actual.split(':');
  if (expectedFile !== actualFile) throw new AppError('conflict', `this is not the file import ${id} was reading (its first ${HEAD_BYTES} bytes differ)`);
  if (expectedColumns !== actualColumns) throw new AppError('conflict', `import ${id} was reading the file with other columns chosen; resume it with the same columns`);
}

export async function* transcodeToUtf8(bytes: AsyncIterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

export async function* skipBytes(bytes: AsyncIterable<Uint8Array>, count: number): AsyncGenerator<Uint8Array> {
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

/** The size of a stored chunk: big enough to be few rows, small enough to hold one at a time. */
const STORED_CHUNK_BYTES = 1024 * 1024;

/**
 * Stores an uploaded file for the worker, a chunk at a time. `checkHead` sees the first bytes before
 * anything else is stored (a resume refuses another file there). Returns the file's size.
 */
export async function storeFile(
  db: Db, importId: string, body: AsyncIterable<Uint8Array>, options: { checkHead?: (head: Buffer) => void; onChunk?: () => Promise<void> } = {},
): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.concat(pending, pendingBytes);
    if (seq === 0) options.checkHead?.(chunk.subarray(0, HEAD_BYTES));
    if (chunk.length > 0) await appendFileChunk(db, importId, seq++, chunk);
    await options.onChunk?.();
    pending = [];
    pendingBytes = 0;
  };
  for await (const piece of body) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    pendingBytes += piece.length;
    size += piece.length;
    if (pendingBytes >= STORED_CHUNK_BYTES) await flush();
  }
  if (pendingBytes > 0 || seq === 0) await flush();
  return size;
}

/**
 * Reads a stored file back, one chunk in memory at a time. A resume reads (and drops) the rows
 * committed before: a worker asked to stop meanwhile stops here rather than at the next batch.
 */
export function storedFileSource(db: Db, importId: string, signal?: AbortSignal): ImportSource {
  return async function* read() {
    for (let seq = 0; ; seq++) {
      if (signal?.aborted) throw new ImportInterrupted(`import ${importId} interrupted while its file was read`);
      const chunk = await fileChunk(db, importId, seq);
      if (chunk === null) return;
      yield chunk;
    }
  };
}
