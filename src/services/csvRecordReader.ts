/**
 * CSV records of an import, read by csv-parse, with what an import needs beyond what csv-parse
 * gives: for every record the file line it starts and ends on and the exact byte offset where the
 * next one starts (a crashed import resumes there), and a broken row that costs only itself.
 *
 * csv-parse stops at the first error. This reader keeps the bytes of the record in progress (never
 * more than `maxRecordBytes` of it) and, on an error, rejects that row and starts a new parser
 * where the next row starts, as the old hand-written reader did:
 * - text after a closing quote: the row is read once more with relaxed quoting to find where it
 *   ends, and rejected whole; unless the broken quoted field spans lines, which is most likely a
 *   quote never closed that swallowed the rows after it: then only its first line is rejected;
 * - a quote inside an unquoted field (`5" screen`) is kept as a character, as spreadsheets write it;
 * - a quote never closed, or a row longer than `maxRecordBytes`: its first line is rejected, and the
 *   rest of an over-long line is dropped as it arrives, never held.
 */
import { CsvError, Parser } from 'csv-parse';
import { windows1252FromLatin1 } from '../core/import/fileFormat.js';

const CR = 0x0d;
const LF = 0x0a;

export const DEFAULT_MAX_RECORD_BYTES = 1_048_576;

export interface CsvRecord {
  fields: string[];
  /** First physical line of the record (1-based); a quoted newline makes a record span lines. */
  line: number;
  lastLine: number;
  /** Absolute byte offset just past the record's line ending: where the next record starts. */
  end: number;
  /** Why the record cannot be read (malformed quotes, too long); its fields are then empty. */
  problem: string | null;
}

/** Where to pick up again: the byte offset of a record start and the line number there. */
export interface ResumePoint {
  offset: number;
  line: number;
}

export interface CsvReaderOptions {
  delimiter: string;
  /** UTF-16 files are transcoded to UTF-8 before they are read. */
  encoding: 'utf-8' | 'windows-1252';
  /** A row longer than this is rejected, and memory never holds more of it. */
  maxRecordBytes?: number | undefined;
  /** Absolute offset of the first byte pushed (after a byte-order mark, say). */
  offset?: number;
  /** Continue after an interrupted run: after the header row, bytes before `offset` are dropped unread, and lines are numbered from `line` there. */
  resume?: ResumePoint | null;
}

/** One csv-parse parser, started at an absolute offset; records and errors come back per write. */
class ParserRun {
  private readonly parser: Parser;
  private found: Array<{ fields: string[]; end: number }> = [];
  private finished = false;

  constructor(readonly start: number, options: { delimiter: string; encoding: 'utf8' | 'latin1'; relaxQuotes: boolean }) {
    // No max_record_size: it costs a third of the parsing time, and the reader measures every row in
    // bytes itself after each write (a write is one chunk, so csv-parse never holds more than that).
    this.parser = new Parser({
      delimiter: options.delimiter, record_delimiter: ['\r\n', '\n', '\r'], encoding: options.encoding, bom: false,
      relax_column_count: true, relax_quotes: options.relaxQuotes, skip_empty_lines: true,
      // Taken here rather than read from the stream: a record before an error in the same chunk is not lost.
      on_record: (record: string[], info) => {
        this.found.push({ fields: record, end: this.start + info.bytes });
        return null;
      },
    });
    this.parser.on('error', () => undefined); // reported through the write callback
  }

  /** Feeds bytes; resolves with the records they completed and the error that stopped the parser, if any. */
  async write(bytes: Uint8Array): Promise<{ records: Array<{ fields: string[]; end: number }>; error: CsvError | null }> {
    const error = bytes.length === 0 ? null : await new Promise<Error | null>((resolve) => this.parser.write(bytes, (e) => resolve(e ?? null)));
    return this.take(error);
  }

  /** The end of the input: the last record may lack a line ending, and an open quote is an error. */
  async finish(): Promise<{ records: Array<{ fields: string[]; end: number }>; error: CsvError | null }> {
    if (this.finished) return this.take(null);
    this.finished = true;
    const error = await new Promise<Error | null>((resolve) => {
      this.parser.once('error', (e: Error) => resolve(e));
      this.parser.end(() => resolve(null));
    });
    return this.take(error);
  }

  private take(error: Error | null): { records: Array<{ fields: string[]; end: number }>; error: CsvError | null } {
    const records = this.found;
    this.found = [];
    if (error !== null && !(error instanceof CsvError)) throw error;
    return { records, error };
  }
}

type Mode =
  | { kind: 'strict' }
  /** Reading a broken row again with relaxed quoting, to find its end; reason null keeps it (a quote inside a field). */
  | { kind: 'lenient'; start: number; line: number; reason: string | null; field: number }
  /** Dropping bytes up to the end of the line a rejected row starts on. */
  | { kind: 'skipping'; line: number; reason: string };

export class CsvRecordReader {
  private readonly delimiter: string;
  private readonly encoding: 'utf8' | 'latin1';
  private readonly max: number;
  private resume: ResumePoint | null;
  /** The bytes from windowStart (absolute) to received: the record in progress, never more. */
  private window: Buffer = Buffer.alloc(0);
  private windowStart: number;
  private received: number;
  /** The line number at windowStart. */
  private line = 1;
  private discardBefore = 0;
  private headerRead = false;
  private mode: Mode = { kind: 'strict' };
  private parser: ParserRun;
  /** How far the current parser has been fed (absolute). */
  private fed: number;

  constructor(options: CsvReaderOptions) {
    if (options.delimiter.length !== 1 || /["\r\n]/.test(options.delimiter)) {
      throw new RangeError('the delimiter must be one character other than a quote or a line break');
    }
    this.delimiter = options.delimiter;
    this.encoding = options.encoding === 'windows-1252' ? 'latin1' : 'utf8';
    this.max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.windowStart = this.received = this.fed = options.offset ?? 0;
    this.resume = options.resume && options.resume.offset > this.windowStart ? options.resume : null;
    this.parser = this.newParser(this.windowStart, false);
  }

  async push(chunk: Uint8Array): Promise<CsvRecord[]> {
    const from = this.received;
    this.received += chunk.length;
    if (this.received <= this.discardBefore) return [];
    const kept = from < this.discardBefore ? chunk.subarray(this.discardBefore - from) : chunk;
    this.window = this.window.length === 0 ? Buffer.from(kept) : Buffer.concat([this.window, kept]);
    return this.pump(false);
  }

  async end(): Promise<CsvRecord[]> {
    return this.pump(true);
  }

  private newParser(start: number, relaxQuotes: boolean): ParserRun {
    this.fed = start;
    return new ParserRun(start, { delimiter: this.delimiter, encoding: this.encoding, relaxQuotes });
  }

  private byteAt(offset: number): number | undefined {
    return this.window[offset - this.windowStart];
  }

  /** Length of the line ending at `offset` (CRLF is one), 0 for none, null when a CR ends the data and more may follow. */
  private lineEnding(offset: number, atEnd: boolean): number | null {
    const b = this.byteAt(offset);
    if (b === LF) return 1;
    if (b !== CR) return 0;
    if (offset + 1 < this.received) return this.byteAt(offset + 1) === LF ? 2 : 1;
    return atEnd ? 1 : null;
  }

  /** Past the blank lines at `offset` (csv-parse skips them): where a record starts, and its line. */
  private afterBlankLines(offset: number, line: number, atEnd: boolean): { offset: number; line: number } {
    for (;;) {
      const length = this.lineEnding(offset, atEnd);
      if (!length) return { offset, line };
      offset += length;
      line += 1;
    }
  }

  /** The lines of the bytes from windowStart to `end`: the record's first and last line. */
  private linesUpTo(end: number): { line: number; lastLine: number; next: number } {
    const start = this.afterBlankLines(this.windowStart, this.line, true);
    let breaks = 0;
    let endsWithBreak = false;
    for (let at = start.offset; at < end;) {
      const length = this.lineEnding(at, true) ?? 1;
      endsWithBreak = length > 0 && at + length >= end;
      if (length > 0) breaks++;
      at += Math.max(1, length);
    }
    const lastLine = start.line + breaks - (endsWithBreak ? 1 : 0);
    return { line: start.line, lastLine, next: lastLine + 1 };
  }

  /** Moves the window past a record or rejection that ends at `end`. */
  private consume(end: number, next: number): void {
    this.window = this.window.subarray(Math.min(this.window.length, end - this.windowStart));
    this.windowStart = end;
    this.line = next;
  }

  private emit(out: CsvRecord[], fields: string[], end: number, problem: string | null): void {
    const { line, lastLine, next } = this.linesUpTo(end);
    out.push({ fields: problem === null ? fields : [], line, lastLine, end, problem });
    this.consume(end, next);
    this.afterHeader();
  }

  /** Once the header row is read, a resumed import skips, unread, the rows an earlier run committed. */
  private afterHeader(): void {
    if (this.headerRead) return;
    this.headerRead = true;
    const resume = this.resume;
    this.resume = null;
    if (!resume || resume.offset <= this.windowStart) return;
    this.discardBefore = resume.offset;
    this.consume(Math.min(resume.offset, this.received), resume.line);
    this.windowStart = resume.offset;
    this.mode = { kind: 'strict' };
    this.parser = this.newParser(resume.offset, false);
  }

  private tooLongReason(): string {
    return `row longer than ${this.max} bytes (or a quoted field that is never closed)`;
  }

  /** Rejects the row starting at windowStart up to the end of its first line, and reads on from there. */
  private skipFirstLine(reason: string): void {
    const start = this.afterBlankLines(this.windowStart, this.line, true);
    this.consume(start.offset, start.line);
    this.mode = { kind: 'skipping', line: start.line, reason };
  }

  private onError(error: CsvError): void {
    const lenient = this.mode.kind === 'lenient' ? this.mode : null;
    const code = error.code as string;
    if (!lenient && (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'INVALID_OPENING_QUOTE')) {
      const start = this.afterBlankLines(this.windowStart, this.line, true);
      const column = Number((error as unknown as { column?: unknown }).column);
      const field = Number.isInteger(column) ? column : 0;
      const reason = code === 'CSV_INVALID_CLOSING_QUOTE' ? `malformed quotes: text after the closing quote of field ${field + 1}` : null;
      this.mode = { kind: 'lenient', start: start.offset, line: start.line, reason, field };
      this.parser = this.newParser(start.offset, true);
      return;
    }
    if (code === 'CSV_QUOTE_NOT_CLOSED') return this.skipFirstLine(lenient?.reason ?? 'malformed quotes: a quoted field is never closed');
    this.skipFirstLine(lenient?.reason ?? `malformed row: ${error.message.slice(0, 200)}`);
  }

  /** The broken row read again leniently: kept, rejected whole, or (a broken field spanning lines) rejected by its first line. */
  private onLenientRecord(out: CsvRecord[], record: { fields: string[]; end: number }, mode: Extract<Mode, { kind: 'lenient' }>): void {
    if (record.end - mode.start > this.max) return this.skipFirstLine(this.tooLongReason());
    if (mode.reason === null) this.emit(out, this.decoded(record.fields), record.end, null);
    else if (/[\r\n]/.test(record.fields[mode.field] ?? '')) return this.skipFirstLine(mode.reason);
    else this.emit(out, [], record.end, mode.reason);
    this.mode = { kind: 'strict' };
    this.parser = this.newParser(this.windowStart, false);
  }

  private decoded(fields: string[]): string[] {
    return this.encoding === 'latin1' ? fields.map(windows1252FromLatin1) : fields;
  }

  /** Records the parser completed; false when one of them made it start over elsewhere. */
  private takeRecords(out: CsvRecord[], records: Array<{ fields: string[]; end: number }>): boolean {
    const parser = this.parser;
    for (const record of records) {
      if (this.mode.kind === 'lenient') {
        this.onLenientRecord(out, record, this.mode);
        return false;
      }
      const start = this.afterBlankLines(this.windowStart, this.line, true);
      if (record.end - start.offset > this.max) {
        this.skipFirstLine(this.tooLongReason());
        return false;
      }
      this.emit(out, this.decoded(record.fields), record.end, null);
      if (this.parser !== parser) return false; // the header row sent a resumed import ahead
    }
    return true;
  }

  /** Skipping mode: finds the end of the rejected row's first line, dropping what comes before it. */
  private skipToLineEnd(out: CsvRecord[], mode: Extract<Mode, { kind: 'skipping' }>, atEnd: boolean): boolean {
    for (let at = this.windowStart; at < this.received; at++) {
      const length = this.lineEnding(at, atEnd);
      if (length === null) {
        this.consume(at, this.line); // keep the CR: is it CRLF?
        return false;
      }
      if (length > 0) {
        out.push({ fields: [], line: mode.line, lastLine: mode.line, end: at + length, problem: mode.reason });
        this.consume(at + length, mode.line + 1);
        this.mode = { kind: 'strict' };
        this.parser = this.newParser(this.windowStart, false);
        this.afterHeader();
        return true;
      }
    }
    if (atEnd && this.received > this.windowStart) {
      out.push({ fields: [], line: mode.line, lastLine: mode.line, end: this.received, problem: mode.reason });
      this.afterHeader();
    }
    this.consume(this.received, this.line);
    return false;
  }

  private async pump(atEnd: boolean): Promise<CsvRecord[]> {
    const out: CsvRecord[] = [];
    for (;;) {
      if (this.mode.kind === 'skipping') {
        if (this.skipToLineEnd(out, this.mode, atEnd)) continue;
        return out;
      }
      const parser = this.parser;
      const written = await parser.write(this.window.subarray(this.fed - this.windowStart));
      this.fed = Math.max(this.fed, this.received);
      if (!this.takeRecords(out, written.records)) continue;
      if (written.error) {
        this.onError(written.error);
        continue;
      }
      if (atEnd) {
        const last = await parser.finish();
        if (!this.takeRecords(out, last.records)) continue;
        if (last.error) {
          this.onError(last.error);
          continue;
        }
        if (this.mode.kind === 'lenient') {
          // The input ended inside the row being read again: nothing more to find.
          this.skipFirstLine(this.mode.reason ?? 'malformed quotes: a quoted field is never closed');
          continue;
        }
        return out;
      }
      // A row still growing: csv-parse counts only its fields' characters, this counts every byte.
      const start = this.mode.kind === 'lenient' ? this.mode.start : this.afterBlankLines(this.windowStart, this.line, false).offset;
      if (this.received - start > this.max) {
        this.skipFirstLine(this.tooLongReason());
        continue;
      }
      if (this.mode.kind === 'strict') {
        const blank = this.afterBlankLines(this.windowStart, this.line, false);
        this.consume(blank.offset, blank.line);
      }
      return out;
    }
  }
}
