/**
 * What kind of file an import was given, from its first bytes: its text encoding, whether it is
 * text at all (a workbook, a PDF and binary data are refused with the reason), and, for a CSV file,
 * the delimiter its header row uses.
 */

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export const isUtf16 = (encoding: Encoding): encoding is 'utf-16le' | 'utf-16be' => encoding === 'utf-16le' || encoding === 'utf-16be';

/**
 * The encoding and the length of its byte-order mark. `complete` says the head is the whole file,
 * so a multi-byte sequence cut off at its end is an error rather than the end of the sample.
 */
export function sniffEncoding(head: Uint8Array, complete: boolean): { encoding: Encoding; bom: number } {
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
  const { valid, invalid } = countUtf8Sequences(head, complete);
  // A UTF-8 file with a few damaged rows (rejected one by one) is told apart from a Windows-1252
  // file (decoded as such) by which kind of sequence is more common.
  return { encoding: invalid > 0 && valid < invalid ? 'windows-1252' : 'utf-8', bom: 0 };
}

/** Valid multi-byte UTF-8 sequences against bytes that cannot be UTF-8. */
function countUtf8Sequences(head: Uint8Array, complete: boolean): { valid: number; invalid: number } {
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
  return { valid, invalid };
}

/** Bytes to text in the file's encoding; bytes that are not valid there become U+FFFD (and the row is refused). */
export type Decode = (bytes: Uint8Array) => string;

/** UTF-16 files are transcoded to UTF-8 before they are read, so only these two are ever decoded. */
export function decoderFor(encoding: 'utf-8' | 'windows-1252'): Decode {
  const decoder = new TextDecoder(encoding);
  return (bytes) => decoder.decode(bytes);
}

/** Windows-1252's printable characters where Latin-1 has C1 controls (0x80–0x9F). */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Text read as Latin-1 (one character a byte), made Windows-1252. */
export function windows1252FromLatin1(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] ?? c) : text;
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

/** The file is a vCard when its text starts with BEGIN:VCARD (after blank space). */
export const looksLikeVcard = (sample: string): boolean => /^\s*BEGIN:VCARD/i.test(sample);

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter the header row uses most, outside quotes; a comma when none is found. */
export function detectDelimiter(sample: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = counts.get(d) ?? 0;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}
