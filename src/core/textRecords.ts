/**
 * Byte-level splitters for import files: CSV records and vCard cards, fed chunk by chunk.
 *
 * They work on bytes, not decoded text, for three reasons: a record's end is an exact byte offset
 * (an import resumes there after a crash), memory stays bounded (only the current record is held,
 * never more than `maxRecordBytes` of it), and every structural character (quote, delimiter, CR,
 * LF, colon) is ASCII, so UTF-8 and single-byte encodings split alike. Fields are decoded by the
 * `decode` function the caller passes, once the record is complete.
 *
 * Broken input never stops the split: a malformed row becomes a record with a `problem` and the
 * split carries on with the next line, so one stray quote costs one row, not the rest of the file.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

export type Decode = (bytes: Uint8Array) => string;

export const DEFAULT_MAX_RECORD_BYTES = 1_048_576;

/** Where to pick up again: the byte offset of a record start and the line number there. */
export interface ResumePoint {
  offset: number;
  line: number;
}

export interface SplitterOptions {
  decode: Decode;
  /** A row (or card) longer than this is rejected, and memory never holds more of it. */
  maxRecordBytes?: number;
  /** Absolute offset and line number of the first byte pushed (after a byte-order mark, say). */
  offset?: number;
  line?: number;
  /**
   * Continue after an interrupted run: bytes before `offset` are dropped unread (for CSV, after
   * the header row, which is always read), and line numbering restarts at `line` there.
   */
  resume?: ResumePoint | null;
}

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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

const enum Csv { FieldStart, Unquoted, Quoted, QuoteSeen }

/** RFC 4180 CSV, lenient where it can be and exact about what it refuses. */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly decode: Decode;
  private readonly max: number;
  private buf: Uint8Array = new Uint8Array(0);
  /** Absolute offset of buf[0]. */
  private bufStart: number;
  /** Absolute offset of the next byte push() will receive. */
  private received: number;
  /** Bytes before this absolute offset are dropped as they arrive. */
  private discardBefore = 0;
  private resume: ResumePoint | null;
  private emittedFirst = false;
  // The current record: where it starts in buf, its line, and the fields found so far.
  private rs = 0;
  private scan = 0;
  private line: number;
  private breaks = 0;
  private state: Csv = Csv.FieldStart;
  private fieldStart = 0;
  private quoteAt = 0;
  private fields: Array<{ start: number; end: number; quoted: boolean }> = [];
  private problem: string | null = null;
  private problemSpansLines = false;
  /** Set while the rest of an over-long physical line is being discarded. */
  private skipping: string | null = null;

  constructor(delimiter: string, options: SplitterOptions) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7e || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new RangeError('the delimiter must be one ASCII character other than a quote or a line break');
    }
    this.delimiter = delimiter.charCodeAt(0);
    this.decode = options.decode;
    this.max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.bufStart = this.received = options.offset ?? 0;
    this.line = options.line ?? 1;
    this.resume = options.resume && options.resume.offset > this.bufStart ? options.resume : null;
  }

  push(chunk: Uint8Array): CsvRecord[] {
    const from = this.received;
    this.received += chunk.length;
    if (this.received <= this.discardBefore) {
      this.bufStart = this.received;
      return [];
    }
    const kept = from < this.discardBefore ? chunk.subarray(this.discardBefore - from) : chunk;
    if (this.buf.length === 0) this.bufStart = this.received - kept.length;
    this.buf = concat(this.buf, kept);
    return this.run(false);
  }

  /** The end of the input: the last record may lack a line ending, and an open quote is reported. */
  end(): CsvRecord[] {
    return this.run(true);
  }

  private resetRecord(start: number): void {
    this.rs = start;
    this.breaks = 0;
    this.state = Csv.FieldStart;
    this.fields = [];
    this.problem = null;
    this.problemSpansLines = false;
  }

  private record(termStart: number, termEnd: number): CsvRecord {
    // A row that arrived whole in one chunk is measured here; one that grows over chunks, as it grows.
    if (termStart - this.rs > this.max) {
      const reason = `row longer than ${this.max} bytes (or a quoted field that is never closed)`;
      return this.breaks > 0 ? this.resync(reason) ?? this.rejected(reason, this.line + this.breaks, termEnd) : this.rejected(reason, this.line, termEnd);
    }
    // A broken quoted field that spans lines is most likely a quote that was never closed and
    // swallowed the rows after it: reject only the first line and read those rows again.
    if (this.problem !== null && this.problemSpansLines) {
      const resynced = this.resync(this.problem);
      if (resynced) return resynced;
    }
    const buf = this.buf;
    const fields: string[] = [];
    if (this.problem === null) {
      for (const f of this.fields) {
        const text = this.decode(buf.subarray(f.start, f.end));
        fields.push(f.quoted && text.includes('""') ? text.replaceAll('""', '"') : text);
      }
      if (this.state === Csv.QuoteSeen) {
        const text = this.decode(buf.subarray(this.fieldStart, this.quoteAt));
        fields.push(text.includes('""') ? text.replaceAll('""', '"') : text);
      } else {
        fields.push(this.decode(buf.subarray(this.state === Csv.Unquoted ? this.fieldStart : termStart, termStart)));
      }
    }
    const record: CsvRecord = {
      fields, line: this.line, lastLine: this.line + this.breaks, end: this.bufStart + termEnd, problem: this.problem,
    };
    this.line += this.breaks + 1;
    this.resetRecord(termEnd);
    return record;
  }

  private rejected(problem: string, lastLine: number, end: number): CsvRecord {
    const record: CsvRecord = { fields: [], line: this.line, lastLine, end: this.bufStart + end, problem };
    this.line = lastLine + 1;
    this.resetRecord(end);
    return record;
  }

  /** Length of the line ending at i (1 or 2), or 0 when a CR ends the data and more may follow. */
  private terminator(i: number, atEnd: boolean): number {
    if (this.buf[i] === LF) return 1;
    if (i + 1 < this.buf.length) return this.buf[i + 1] === LF ? 2 : 1;
    return atEnd ? 1 : 0;
  }

  /** Gives up on the record at the first line break after its start and reads on from there. */
  private resync(reason: string): CsvRecord | null {
    const buf = this.buf;
    for (let k = this.rs; k < buf.length; k++) {
      if (buf[k] === CR || buf[k] === LF) {
        const length = buf[k] === CR && buf[k + 1] === LF ? 2 : 1;
        return this.rejected(reason, this.line, k + length);
      }
    }
    return null;
  }

  private afterFirstRecord(records: CsvRecord[]): void {
    this.emittedFirst = true;
    const resume = this.resume;
    if (!resume) return;
    this.resume = null;
    const last = records[records.length - 1];
    if (!last || resume.offset <= last.end) return;
    // The rows before the resume point were committed by an earlier run: skip them unread.
    this.discardBefore = resume.offset;
    this.line = resume.line;
    const dropped = Math.min(resume.offset - this.bufStart, this.buf.length);
    this.resetRecord(dropped);
    this.scan = dropped;
  }

  private run(atEnd: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const d = this.delimiter;
    let i = this.scan;
    const emit = (record: CsvRecord): void => {
      out.push(record);
      if (!this.emittedFirst) this.afterFirstRecord(out);
      i = this.rs;
    };
    for (;;) {
      let waiting = false;
      while (i < this.buf.length && !waiting) {
        const buf = this.buf;
        const n = buf.length;
        if (this.skipping !== null) {
          while (i < n && buf[i] !== CR && buf[i] !== LF) i++;
          if (i >= n) {
            this.rs = i; // nothing of the over-long line is kept
            break;
          }
          const length = this.terminator(i, atEnd);
          if (length === 0) {
            this.rs = i;
            waiting = true;
            break;
          }
          const reason = this.skipping;
          this.skipping = null;
          emit(this.rejected(reason, this.line + this.breaks, i + length));
          continue;
        }
        if (i - this.rs > this.max) {
          const reason = `row longer than ${this.max} bytes (or a quoted field that is never closed)`;
          const inQuotes = this.state === Csv.Quoted || this.state === Csv.QuoteSeen;
          const resynced = inQuotes || this.breaks > 0 ? this.resync(reason) : null;
          if (resynced) emit(resynced);
          else this.skipping = reason;
          continue;
        }
        const b = buf[i];
        switch (this.state) {
          case Csv.FieldStart:
            if (b === QUOTE) {
              this.state = Csv.Quoted;
              this.fieldStart = i + 1;
              i++;
              continue;
            }
            if ((b === CR || b === LF) && this.fields.length === 0) {
              // A blank line: no record, one line.
              const length = this.terminator(i, atEnd);
              if (length === 0) {
                waiting = true;
                continue;
              }
              this.line += 1;
              i += length;
              this.resetRecord(i);
              continue;
            }
            this.fieldStart = i;
            this.state = Csv.Unquoted;
            continue;
          case Csv.Unquoted: {
            while (i < n) {
              const c = buf[i];
              if (c === d || c === CR || c === LF) break;
              i++;
            }
            if (i >= n) continue;
            if (buf[i] === d) {
              this.fields.push({ start: this.fieldStart, end: i, quoted: false });
              this.state = Csv.FieldStart;
              i++;
              continue;
            }
            const length = this.terminator(i, atEnd);
            if (length === 0) {
              waiting = true;
              continue;
            }
            emit(this.record(i, i + length));
            continue;
          }
          case Csv.Quoted:
            while (i < n) {
              const c = buf[i];
              if (c === QUOTE) break;
              if (c === LF) this.breaks++;
              else if (c === CR) {
                if (i + 1 >= n && !atEnd) break;
                this.breaks++;
                if (buf[i + 1] === LF) i++;
              }
              i++;
            }
            if (i >= n) continue;
            if (buf[i] === CR) {
              waiting = true; // a CR at the end of the data: is it CRLF?
              continue;
            }
            this.state = Csv.QuoteSeen;
            this.quoteAt = i;
            i++;
            continue;
          case Csv.QuoteSeen:
            if (b === QUOTE) {
              this.state = Csv.Quoted; // "" inside quotes is one quote
              i++;
              continue;
            }
            if (b === d) {
              this.fields.push({ start: this.fieldStart, end: this.quoteAt, quoted: true });
              this.state = Csv.FieldStart;
              i++;
              continue;
            }
            if (b === CR || b === LF) {
              const length = this.terminator(i, atEnd);
              if (length === 0) {
                waiting = true;
                continue;
              }
              emit(this.record(i, i + length));
              continue;
            }
            // Text after a closing quote: the row's quoting is broken. Read on to the end of the
            // field as plain text so the next row still starts where it should.
            if (this.problem === null) {
              this.problem = `malformed quotes: text after the closing quote of field ${this.fields.length + 1}`;
              for (let k = this.fieldStart; k < this.quoteAt && !this.problemSpansLines; k++) this.problemSpansLines = buf[k] === CR || buf[k] === LF;
            }
            this.fieldStart = i;
            this.state = Csv.Unquoted;
            continue;
        }
      }
      if (!atEnd) break;
      if (this.skipping !== null) {
        const reason = this.skipping;
        this.skipping = null;
        emit(this.rejected(reason, this.line + this.breaks, this.buf.length));
        break;
      }
      if (this.state === Csv.Quoted) {
        // A quote opened and never closed: reject the row's first line and read on after it.
        const reason = 'malformed quotes: a quoted field is never closed';
        const resynced = this.resync(reason);
        if (resynced) {
          emit(resynced);
          continue;
        }
        emit(this.rejected(reason, this.line + this.breaks, this.buf.length));
        break;
      }
      if (this.state !== Csv.FieldStart || this.fields.length > 0) emit(this.record(this.buf.length, this.buf.length));
      break;
    }
    // Keep only the current record's bytes.
    const rs = this.rs;
    this.buf = this.buf.subarray(rs);
    this.bufStart += rs;
    this.scan = Math.max(0, i - rs);
    this.fieldStart -= rs;
    this.quoteAt -= rs;
    for (const f of this.fields) {
      f.start -= rs;
      f.end -= rs;
    }
    this.rs = 0;
    return out;
  }
}

/** One content line of a vCard after unfolding, with the physical line it starts on. */
export interface VcardLine {
  text: string;
  line: number;
}

export interface VcardRecord {
  /** The BEGIN:VCARD line (or the first line of text outside any card). */
  line: number;
  lastLine: number;
  end: number;
  lines: VcardLine[];
  problem: string | null;
}

const BEGIN_VCARD = 'BEGIN:VCARD';
const END_VCARD = 'END:VCARD';

/** BEGIN:VCARD or END:VCARD at the start of a line (an indented one is a folded continuation). */
function isMarker(buf: Uint8Array, s: number, e: number, marker: string): boolean {
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  if (e - s !== marker.length) return false;
  for (let k = 0; k < marker.length; k++) {
    const c = buf[s + k] ?? 0;
    const upper = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
    if (upper !== marker.charCodeAt(k)) return false;
  }
  return true;
}

/** vCard 2.1's quoted-printable values continue on the next line after a trailing "=". */
function isQuotedPrintableSoftBreak(pieces: Uint8Array[]): boolean {
  const last = pieces[pieces.length - 1];
  if (!last || last.length === 0 || last[last.length - 1] !== 0x3d) return false;
  const first = pieces[0] ?? last;
  const colon = first.indexOf(0x3a);
  const head = String.fromCharCode(...first.subarray(0, colon < 0 ? Math.min(first.length, 200) : Math.min(colon, 200)));
  return /QUOTED-PRINTABLE/i.test(head);
}

/** Splits a vCard stream (3.0 and 4.0, and 2.1's soft breaks) into cards of unfolded lines. */
export class VcardSplitter {
  private readonly decode: Decode;
  private readonly max: number;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart: number;
  private received: number;
  private discardBefore = 0;
  private line: number;
  private scan = 0;
  private inCard = false;
  private cardLine = 0;
  private cardBytes = 0;
  private logical: Array<{ pieces: Uint8Array[]; line: number }> = [];
  private problem: string | null = null;
  private junkLine: number | null = null;
  private junkLastLine = 0;
  private skipLine = false;

  constructor(options: SplitterOptions) {
    this.decode = options.decode;
    this.max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.bufStart = this.received = options.offset ?? 0;
    this.line = options.line ?? 1;
    if (options.resume && options.resume.offset > this.bufStart) {
      this.discardBefore = options.resume.offset;
      this.line = options.resume.line;
    }
  }

  push(chunk: Uint8Array): VcardRecord[] {
    const from = this.received;
    this.received += chunk.length;
    if (this.received <= this.discardBefore) return [];
    const kept = from < this.discardBefore ? chunk.subarray(this.discardBefore - from) : chunk;
    if (this.buf.length === 0) this.bufStart = this.received - kept.length;
    this.buf = concat(this.buf, kept);
    return this.run(false);
  }

  end(): VcardRecord[] {
    return this.run(true);
  }

  private card(end: number, lastLine: number, problem: string | null): VcardRecord {
    const lines = problem === null && this.problem === null
      ? this.logical.map((l) => ({ line: l.line, text: this.decode(l.pieces.length === 1 ? l.pieces[0] ?? new Uint8Array(0) : l.pieces.reduce(concat, new Uint8Array(0))) }))
      : [];
    const record: VcardRecord = { line: this.cardLine, lastLine, end: this.bufStart + end, lines, problem: problem ?? this.problem };
    this.inCard = false;
    this.logical = [];
    this.problem = null;
    this.cardBytes = 0;
    return record;
  }

  private junk(end: number): VcardRecord {
    const record: VcardRecord = {
      line: this.junkLine ?? this.line, lastLine: this.junkLastLine, end: this.bufStart + end, lines: [],
      problem: 'text outside BEGIN:VCARD … END:VCARD',
    };
    this.junkLine = null;
    return record;
  }

  private run(atEnd: boolean): VcardRecord[] {
    const out: VcardRecord[] = [];
    const buf = this.buf;
    const n = buf.length;
    let i = this.scan;
    while (i < n) {
      if (this.skipLine) {
        while (i < n && buf[i] !== CR && buf[i] !== LF) i++;
        if (i >= n) break;
        if (buf[i] === CR && i + 1 >= n && !atEnd) break;
        i += buf[i] === CR && buf[i + 1] === LF ? 2 : 1;
        this.line += 1;
        this.skipLine = false;
        continue;
      }
      // One physical line: [i, e) and its ending.
      let e = i;
      while (e < n && buf[e] !== CR && buf[e] !== LF) e++;
      let length: number;
      if (e >= n) {
        if (!atEnd) {
          if (n - i > this.max) {
            // One physical line longer than a whole card may be: drop it as it arrives.
            if (this.inCard) {
              this.problem ??= `vCard longer than ${this.max} bytes`;
              this.logical = [];
            } else {
              this.junkLine ??= this.line;
              this.junkLastLine = this.line;
            }
            this.skipLine = true;
            i = n;
          }
          break;
        }
        length = 0;
      } else if (buf[e] === LF) length = 1;
      else if (e + 1 < n) length = buf[e + 1] === LF ? 2 : 1;
      else if (atEnd) length = 1;
      else break;
      const lineNo = this.line;
      const next = e + length;
      this.line += 1;
      if (this.inCard) this.cardBytes += next - i;
      if (isMarker(buf, i, e, BEGIN_VCARD)) {
        if (this.inCard) out.push(this.card(i, lineNo - 1, `missing END:VCARD before the BEGIN:VCARD on line ${lineNo}`));
        if (this.junkLine !== null) out.push(this.junk(i));
        this.inCard = true;
        this.cardLine = lineNo;
        this.cardBytes = next - i;
      } else if (this.inCard && isMarker(buf, i, e, END_VCARD)) {
        out.push(this.card(next, lineNo, null));
      } else if (this.inCard) {
        if (this.cardBytes > this.max) {
          this.problem ??= `vCard longer than ${this.max} bytes`;
          this.logical = [];
        } else if (this.problem === null && e > i) {
          const current = this.logical[this.logical.length - 1];
          const folded = buf[i] === SPACE || buf[i] === TAB;
          if (current && isQuotedPrintableSoftBreak(current.pieces)) {
            // A soft break comes first: the next line, leading spaces and all, is the value's continuation.
            const last = current.pieces.pop() ?? new Uint8Array(0);
            current.pieces.push(last.subarray(0, last.length - 1), buf.subarray(i, e));
          } else if (current && folded) current.pieces.push(buf.subarray(i + 1, e));
          else this.logical.push({ pieces: [buf.subarray(i, e)], line: lineNo });
        }
      } else {
        let blank = true;
        for (let k = i; k < e; k++) {
          if (buf[k] !== SPACE && buf[k] !== TAB) {
            blank = false;
            break;
          }
        }
        if (!blank) {
          this.junkLine ??= lineNo;
          this.junkLastLine = lineNo;
        }
      }
      i = next;
      if (length === 0) break;
    }
    if (atEnd) {
      if (this.inCard) out.push(this.card(n, this.line - 1, 'missing END:VCARD at the end of the file'));
      if (this.junkLine !== null) out.push(this.junk(n));
      i = n;
    }
    // Every complete line is consumed; the current card's lines still point into buf, so copy them.
    for (const l of this.logical) l.pieces = l.pieces.map((p) => (p.buffer === buf.buffer ? p.slice() : p));
    this.buf = buf.subarray(i);
    this.bufStart += i;
    this.scan = 0;
    return out;
  }
}

/**
 * Why a file is not a CSV or vCard at all, from its first bytes (after a UTF-16 check: UTF-16 text
 * has zeros in it): a spreadsheet workbook, a PDF, or other binary data. Null when it may be text.
 */
export function notTextProblem(head: Uint8Array): string | null {
  const startsWith = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) {
    return 'this is a spreadsheet workbook (such as .xlsx) or a zip file, not a CSV file: in your spreadsheet, choose "Save as" or "Download" → "CSV (UTF-8)", then upload that file';
  }
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) {
    return 'this is an Excel workbook (.xls), not a CSV file: in Excel, choose "Save as" → "CSV UTF-8", then upload that file';
  }
  if (startsWith(0x25, 0x50, 0x44, 0x46)) return 'this is a PDF, not a CSV or vCard file: export your contacts as CSV or vCard and upload that file';
  // A stray NUL in a row costs only that row; binary data is full of control bytes.
  const sample = head.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  if (controls > Math.max(4, sample.length * 0.05)) return 'this file is not text (it holds binary data): upload a CSV or vCard (.vcf) file';
  return null;
}
