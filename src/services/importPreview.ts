import { AppError } from '../core/errors.js';
import { describeHeader, detectDelimiter, detectPreset } from '../core/importRows.js';
import { CsvTokenizer, notTextProblem, VcardSplitter } from '../core/textRecords.js';
import type { ImportFormat, ImportPreset, ImportPreview } from '../shared/dataTransfer.js';
import { decoderFor, sniffEncoding } from './importContacts.js';

/** Sample values shown per column: enough to recognise it, few enough for a phone screen. */
const SAMPLE_ROWS = 3;

/**
 * What an import would read from the start of a file: its format, the preset, each column's
 * mapping with a few values. Reads only the bytes it is given, so a page can show it for a file of
 * any size before uploading the whole of it; nothing is stored.
 */
export function previewImport(head: Buffer, complete: boolean, query: { format?: ImportFormat | undefined; preset?: ImportPreset | undefined }): ImportPreview {
  if (head.length === 0) throw new AppError('invalid', 'the file is empty', [{ path: 'file', message: 'the file is empty' }]);
  const { encoding, bom } = sniffEncoding(head, complete);
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const problem = utf16 ? null : notTextProblem(head);
  if (problem) throw new AppError('invalid', problem, [{ path: 'file', message: problem }]);
  // UTF-16 is read as UTF-8, as the import itself does.
  const bytes = utf16 ? Buffer.from(new TextDecoder(encoding).decode(head.subarray(bom)), 'utf8') : head.subarray(bom);
  const decode = decoderFor(encoding);
  const sample = decode(bytes.subarray(0, 4096));
  const format = query.format ?? (/^\s*BEGIN:VCARD/i.test(sample) ? 'vcard' : 'csv');

  if (format === 'vcard') {
    const splitter = new VcardSplitter({ decode });
    const cards = [...splitter.push(bytes), ...(complete ? splitter.end() : [])];
    const found = cards.filter((c) => c.lines.length > 0).length;
    return {
      format, preset: null, columns: [], rows: cards.length,
      problem: found === 0 && cards.length > 0 ? 'no vCard (BEGIN:VCARD … END:VCARD) was found at the start of the file' : null,
    };
  }

  const tokenizer = new CsvTokenizer(detectDelimiter(sample), { decode });
  const records = [...tokenizer.push(bytes), ...(complete ? tokenizer.end() : [])];
  const [headerRecord, ...rows] = records;
  if (!headerRecord) return { format, preset: query.preset ?? null, columns: [], rows: 0, problem: 'the file has no header row' };
  if (headerRecord.problem) throw AppError.invalid('file', `the header row (line ${headerRecord.line}) cannot be read: ${headerRecord.problem}`);
  const header = headerRecord.fields.map((h) => h.trim());
  const preset = query.preset ?? detectPreset(header);
  const { fields, problem: mappingProblem } = describeHeader(header, preset);
  const samples = rows.filter((r) => r.problem === null && r.fields.some((f) => f.trim() !== '')).slice(0, SAMPLE_ROWS);
  return {
    format, preset, rows: rows.length, problem: mappingProblem,
    columns: header.map((h, index) => ({
      header: h, field: fields[index] ?? null,
      samples: samples.map((r) => (r.fields[index] ?? '').trim().slice(0, 80)).filter((v) => v !== ''),
    })),
  };
}
