/**
 * Splits a vCard file, fed chunk by chunk, into cards of unfolded content lines: what ical.js
 * cannot do for an import. It works on bytes, so that each card ends at an exact byte offset (an
 * import resumes there after a crash), memory holds one card at most (never more than
 * `maxRecordBytes` of it), and a line folded inside a multi-byte character is joined before it is
 * decoded. It also joins vCard 2.1's quoted-printable soft line breaks, which are not folds.
 *
 * Broken input never stops the split: text outside any card, a card without END:VCARD or one too
 * long becomes a record with a `problem`, named by its first line, and the split carries on.
 */
import type { Decode } from '../core/import/fileFormat.js';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

export const DEFAULT_MAX_RECORD_BYTES = 1_048_576;

/** Where to pick up again: the byte offset of a record start and the line number there. */
export interface ResumePoint {
  offset: number;
  line: number;
}

export interface VcardSplitterOptions {
  decode: Decode;
  /** A card longer than this is rejected, and memory never holds more of it. */
  maxRecordBytes?: number | undefined;
  /** Absolute offset and line number of the first byte pushed (after a byte-order mark, say). */
  offset?: number;
  line?: number;
  /** Continue after an interrupted run: bytes before `offset` are dropped unread, and lines are numbered from `line` there. */
  resume?: ResumePoint | null;
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
  /** Absolute byte offset just past the card's END:VCARD line: where the next one starts. */
  end: number;
  lines: VcardLine[];
  problem: string | null;
}

const BEGIN_VCARD = 'BEGIN:VCARD';
const END_VCARD = 'END:VCARD';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

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

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (buf[k] !== SPACE && buf[k] !== TAB) return false;
  return true;
}

export class VcardSplitter {
  private readonly decode: Decode;
  private readonly max: number;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart: number;
  private received: number;
  private discardBefore = 0;
  private line: number;
  private inCard = false;
  private cardLine = 0;
  private cardBytes = 0;
  private logical: Array<{ pieces: Uint8Array[]; line: number }> = [];
  private problem: string | null = null;
  private junkLine: number | null = null;
  private junkLastLine = 0;
  /** Set while the rest of an over-long physical line is being dropped. */
  private skipLine = false;

  constructor(options: VcardSplitterOptions) {
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

  /** The rest of a physical line longer than a whole card may be: dropped as it arrives. */
  private startSkipping(): void {
    if (this.inCard) {
      this.problem ??= `vCard longer than ${this.max} bytes`;
      this.logical = [];
    } else {
      this.junkLine ??= this.line;
      this.junkLastLine = this.line;
    }
    this.skipLine = true;
  }

  /** One content line inside a card: a new property, a fold, or a quoted-printable continuation. */
  private addLine(buf: Uint8Array, i: number, e: number, lineNo: number): void {
    if (this.cardBytes > this.max) {
      this.problem ??= `vCard longer than ${this.max} bytes`;
      this.logical = [];
      return;
    }
    if (this.problem !== null || e <= i) return;
    const current = this.logical[this.logical.length - 1];
    if (current && isQuotedPrintableSoftBreak(current.pieces)) {
      // A soft break comes first: the next line, leading spaces and all, is the value's continuation.
      const last = current.pieces.pop() ?? new Uint8Array(0);
      current.pieces.push(last.subarray(0, last.length - 1), buf.subarray(i, e));
    } else if (current && (buf[i] === SPACE || buf[i] === TAB)) current.pieces.push(buf.subarray(i + 1, e));
    else this.logical.push({ pieces: [buf.subarray(i, e)], line: lineNo });
  }

  /** Length of the line ending at e (0 at the end of the data), or null when a CR ends the data and more may follow. */
  private lineEnding(buf: Uint8Array, e: number, atEnd: boolean): number | null {
    if (e >= buf.length) return atEnd ? 0 : null;
    if (buf[e] === LF) return 1;
    if (e + 1 < buf.length) return buf[e + 1] === LF ? 2 : 1;
    return atEnd ? 1 : null;
  }

  private run(atEnd: boolean): VcardRecord[] {
    const out: VcardRecord[] = [];
    const buf = this.buf;
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.skipLine) {
        while (i < n && buf[i] !== CR && buf[i] !== LF) i++;
        if (i >= n || (buf[i] === CR && i + 1 >= n && !atEnd)) break;
        i += buf[i] === CR && buf[i + 1] === LF ? 2 : 1;
        this.line += 1;
        this.skipLine = false;
        continue;
      }
      // One physical line: [i, e) and its ending.
      let e = i;
      while (e < n && buf[e] !== CR && buf[e] !== LF) e++;
      const length = this.lineEnding(buf, e, atEnd);
      if (length === null) {
        if (e >= n && n - i > this.max) {
          this.startSkipping();
          i = n;
        }
        break;
      }
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
        this.addLine(buf, i, e, lineNo);
      } else if (!isBlank(buf, i, e)) {
        this.junkLine ??= lineNo;
        this.junkLastLine = lineNo;
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
    return out;
  }
}
