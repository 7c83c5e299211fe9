import { AppError } from '../core/errors.js';
import { describeHeader } from '../core/import/columnMapping.js';
import { detectPreset } from '../core/import/columnPresets.js';
import { customColumnsOf, type ImportableCustomField } from '../core/import/customColumns.js';
import { decoderFor, detectDelimiter, isUtf16, looksLikeVcard, sniffEncoding } from '../core/import/fileFormat.js';
import type { ImportFormat, ImportPreset, ImportPreview } from '../shared/dataTransfer.js';
import { VcardSplitter } from '../calendar/vcardCards.js';
import { CsvRecordReader } from './csvRecordReader.js';
import { fileProblem } from './importFile.js';

/** Sample values shown per column: enough to recognise it, few enough for a phone screen. */
const SAMPLE_ROWS = 3;

/**
 * What an import would read from the start of a file: its format, the preset, each column's
 * mapping with a few values. Reads only the bytes it is given, so a page can show it for a file of
 * any size before uploading the whole of it; nothing is stored.
 */
export async function previewImport(head: Buffer, complete: boolean, query: { format?: ImportFormat | undefined; preset?: ImportPreset | undefined }, customFields: readonly ImportableCustomField[] = []): Promise<ImportPreview> {
  const { encoding, bom } = sniffEncoding(head, complete);
  const problem = fileProblem(head, encoding);
  if (problem) throw problem;
  // UTF-16 is read as UTF-8, as the import itself does.
  const utf16 = isUtf16(encoding);
  const bytes = utf16 ? Buffer.from(new TextDecoder(encoding).decode(head.subarray(bom)), 'utf8') : head.subarray(bom);
  const textEncoding = utf16 ? 'utf-8' : encoding;
  const sample = decoderFor(textEncoding)(bytes.subarray(0, 4096));
  const format = query.format ?? (looksLikeVcard(sample) ? 'vcard' : 'csv');

  if (format === 'vcard') {
    const splitter = new VcardSplitter({ decode: decoderFor(textEncoding) });
    const cards = [...splitter.push(bytes), ...(complete ? splitter.end() : [])];
    const found = cards.filter((c) => c.lines.length > 0).length;
    return {
      format, preset: null, columns: [], rows: cards.length,
      problem: found === 0 && cards.length > 0 ? 'no vCard (BEGIN:VCARD … END:VCARD) was found at the start of the file' : null,
    };
  }

  const reader = new CsvRecordReader({ delimiter: detectDelimiter(sample), encoding: textEncoding });
  const records = [...await reader.push(bytes), ...(complete ? await reader.end() : [])];
  const [headerRecord, ...rows] = records;
  if (!headerRecord) return { format, preset: query.preset ?? null, columns: [], rows: 0, problem: 'the file has no header row' };
  if (headerRecord.problem) throw AppError.invalid('file', `the header row (line ${headerRecord.line}) cannot be read: ${headerRecord.problem}`);
  const header = headerRecord.fields.map((h) => h.trim());
  const preset = query.preset ?? detectPreset(header);
  const { fields, problem: mappingProblem } = describeHeader(header, preset);
  const custom = customColumnsOf(header, customFields, new Set(fields.flatMap((f, index) => (f ? [index] : []))));
  const samples = rows.filter((r) => r.problem === null && r.fields.some((f) => f.trim() !== '')).slice(0, SAMPLE_ROWS);
  return {
    format, preset, rows: rows.length, problem: mappingProblem,
    columns: header.map((h, index) => ({
      header: h, field: fields[index] ?? null,
      ...(custom.has(index) ? { customField: custom.get(index)?.key ?? null } : {}),
      samples: samples.map((r) => (r.fields[index] ?? '').trim().slice(0, 80)).filter((v) => v !== ''),
    })),
  };
}
