/**
 * The rows of an import file as outcomes, each with where it ends (byte offset and line) so the
 * batch that commits it can move the import record past it: CSV through csv-parse, with the header
 * row mapped to fields, and vCard cards through ical.js.
 */
import { AppError } from '../core/errors.js';
import type { RowOutcome, ZoneLookup } from '../core/import/candidate.js';
import { mapChosenColumns, mapHeader, type HeaderMapping } from '../core/import/columnMapping.js';
import { detectPreset } from '../core/import/columnPresets.js';
import { csvRowToCandidate } from '../core/import/csvRow.js';
import { chosenCustomColumns, customColumnsOf, type ImportableCustomField } from '../core/import/customColumns.js';
import { decoderFor } from '../core/import/fileFormat.js';
import { vcardToCandidate } from '../core/import/vcardContact.js';
import type { ImportField, ImportPreset } from '../shared/dataTransfer.js';
import { VcardSplitter, type ResumePoint } from '../calendar/vcardCards.js';
import { parseVcard } from '../calendar/vcardProperties.js';
import { CsvRecordReader } from './csvRecordReader.js';

export interface RowItem {
  outcome: RowOutcome;
  /** Absolute byte offset where the next row starts, and the row's last line: where a resume continues. */
  end: number;
  lastLine: number;
}

export interface ReadOptions {
  /** UTF-16 files arrive transcoded to UTF-8. */
  encoding: 'utf-8' | 'windows-1252';
  /** Absolute offset of the first byte (after a byte-order mark). */
  offset: number;
  resume: ResumePoint | null;
  maxRecordBytes: number | undefined;
  zoneOf: ZoneLookup;
}

export interface CsvReadOptions extends ReadOptions {
  delimiter: string;
  /** The import's preset, if known; else it is detected from the header row and reported to `onPreset`. */
  preset: ImportPreset | null;
  chosenColumns: Array<ImportField | null> | null;
  onPreset(preset: ImportPreset | null): Promise<void>;
  /** The workspace's custom fields on contacts, and the ones the user chose for columns ("custom.<key>"), if any. */
  customFields?: readonly ImportableCustomField[];
  chosenCustom?: ReadonlyMap<number, string> | null;
}

/** The header mapping with the columns that hold custom fields: chosen by the user, or recognised by label or key. */
function withCustomColumns(mapping: HeaderMapping, header: string[], options: CsvReadOptions): HeaderMapping {
  const fields = options.customFields ?? [];
  const chosen = options.chosenColumns ? options.chosenCustom ?? new Map<number, string>() : null;
  if (fields.length === 0 && !chosen?.size) return mapping;
  const taken = new Set([...mapping.columns.values()].flat());
  const custom = chosen ? chosenCustomColumns(chosen, fields) : customColumnsOf(header, fields, taken);
  return { ...mapping, custom, ignored: header.filter((h, index) => !taken.has(index) && !custom.has(index) && h.trim() !== '') };
}

export async function* csvRows(bytes: AsyncIterable<Uint8Array>, options: CsvReadOptions): AsyncGenerator<RowItem> {
  const reader = new CsvRecordReader({
    delimiter: options.delimiter, encoding: options.encoding, offset: options.offset, resume: options.resume, maxRecordBytes: options.maxRecordBytes,
  });
  let mapping: HeaderMapping | null = null;
  let preset = options.preset;
  const rowOptions = { restoreFormulas: false, zoneOf: options.zoneOf };
  const records = async function* () {
    for await (const chunk of bytes) yield* await reader.push(chunk);
    yield* await reader.end();
  };
  for await (const r of records()) {
    if (mapping === null) {
      if (r.problem) throw AppError.invalid('file', `the header row (line ${r.line}) cannot be read: ${r.problem}`);
      const header = r.fields.map((h) => h.trim());
      preset ??= detectPreset(header);
      mapping = withCustomColumns(options.chosenColumns ? mapChosenColumns(header, options.chosenColumns, preset) : mapHeader(header, preset), header, options);
      rowOptions.restoreFormulas = preset === 'followthrough';
      await options.onPreset(preset);
      continue;
    }
    const outcome: RowOutcome = r.problem ? { kind: 'rejected', line: r.line, reason: r.problem } : csvRowToCandidate(mapping, r.fields, r.line, rowOptions);
    yield { outcome, end: r.end, lastLine: r.lastLine };
  }
}

export interface VcardReadOptions extends ReadOptions {
  userTimeZone: string;
  nowMs: number;
}

export async function* vcardRows(bytes: AsyncIterable<Uint8Array>, options: VcardReadOptions): AsyncGenerator<RowItem> {
  const splitter = new VcardSplitter({ decode: decoderFor(options.encoding), offset: options.offset, resume: options.resume, maxRecordBytes: options.maxRecordBytes });
  const context = { userTimeZone: options.userTimeZone, nowMs: options.nowMs, zoneOf: options.zoneOf };
  const cards = function* (chunk: Uint8Array | null) {
    yield* chunk === null ? splitter.end() : splitter.push(chunk);
  };
  const outcomeOf = (lines: Parameters<typeof parseVcard>[0], line: number): RowOutcome => {
    const parsed = parseVcard(lines);
    return parsed.problem !== null ? { kind: 'rejected', line, reason: parsed.problem } : vcardToCandidate(parsed.properties, line, context);
  };
  const all = async function* () {
    for await (const chunk of bytes) yield* cards(chunk);
    yield* cards(null);
  };
  for await (const c of all()) {
    const outcome: RowOutcome = c.problem ? { kind: 'rejected', line: c.line, reason: c.problem } : outcomeOf(c.lines, c.line);
    yield { outcome, end: c.end, lastLine: c.lastLine };
  }
}
