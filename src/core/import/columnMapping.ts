/**
 * A CSV header row → the field each column holds: from a preset's (or the common) header names, or
 * from the user's own choice. A mapping that reads no name is refused: nothing could be imported.
 */
import { importFields, type ImportField, type ImportPreset } from '../../shared/dataTransfer.js';
import { AppError } from '../errors.js';
import { genericAliases, normalizeHeader, presetAliases } from './columnPresets.js';
import { CUSTOM_COLUMN_PREFIX, type ImportableCustomField } from './customColumns.js';

export interface HeaderMapping {
  preset: ImportPreset | null;
  /** For each field, the columns that may hold it, best first: the first non-empty one wins. */
  columns: Map<ImportField, number[]>;
  width: number;
  /** Headers no field uses (shown in the report, never used as keys of anything). */
  ignored: string[];
  /** Columns holding the workspace's custom fields (core/import/customColumns.ts). */
  custom?: Map<number, ImportableCustomField>;
}

const NAME_FIELDS: readonly ImportField[] = ['name', 'firstName', 'lastName'];

function mapHeaderLeniently(header: string[], preset: ImportPreset | null): HeaderMapping {
  const aliases = preset ? presetAliases[preset] : genericAliases;
  const normalized = header.map(normalizeHeader);
  const columns = new Map<ImportField, number[]>();
  const used = new Set<number>();
  for (const [field, names] of aliases) {
    const indexes: number[] = [];
    for (const name of names) {
      normalized.forEach((h, index) => {
        if (h === name && !indexes.includes(index)) indexes.push(index);
      });
    }
    if (indexes.length > 0) {
      columns.set(field, indexes);
      for (const index of indexes) used.add(index);
    }
  }
  const ignored = header.filter((h, index) => !used.has(index) && h.trim() !== '');
  return { preset, columns, width: header.length, ignored };
}

export function mapHeader(header: string[], preset: ImportPreset | null): HeaderMapping {
  const mapping = mapHeaderLeniently(header, preset);
  if (!NAME_FIELDS.some((field) => mapping.columns.has(field))) throw noNameColumn(header, preset);
  return mapping;
}

function noNameColumn(header: string[], preset: ImportPreset | null): AppError {
  const shown = header.slice(0, 20).map((h) => JSON.stringify(h.slice(0, 60))).join(', ');
  return AppError.invalid('file', `no column holds the name${preset ? ` for the ${preset} preset` : ''}; the header row has: ${shown || '(nothing)'}`);
}

/** "name,email,,phone" → the field of each column (null: ignored); an unknown field name is refused. */
export function parseColumnChoice(text: string): Array<ImportField | null> {
  const known = new Set<string>(importFields);
  return text.split(',').map((part) => {
    const field = part.trim();
    if (field === '' || field.startsWith(CUSTOM_COLUMN_PREFIX)) return null;
    if (!known.has(field)) throw AppError.invalid('columns', `"${field.slice(0, 40)}" is not a field a column can hold`);
    return field as ImportField;
  });
}

/** The user's own choice of what each column holds, instead of a preset's. */
export function mapChosenColumns(header: string[], chosen: Array<ImportField | null>, preset: ImportPreset | null): HeaderMapping {
  if (chosen.length > header.length) {
    throw AppError.invalid('columns', `${chosen.length} columns were chosen but the file's header row has ${header.length}; was it another file?`);
  }
  const columns = new Map<ImportField, number[]>();
  chosen.forEach((field, index) => {
    if (field) columns.set(field, [...(columns.get(field) ?? []), index]);
  });
  if (!NAME_FIELDS.some((field) => columns.has(field))) throw AppError.invalid('columns', 'choose the column that holds the name (or the first and last name)');
  const ignored = header.filter((h, index) => !chosen[index] && h.trim() !== '');
  return { preset, columns, width: header.length, ignored };
}

/** The field each column is read as (null: ignored), in column order. */
export function fieldsByColumn(mapping: HeaderMapping): Array<ImportField | null> {
  const fields: Array<ImportField | null> = Array.from({ length: mapping.width }, () => null);
  for (const [field, indexes] of mapping.columns) {
    for (const index of indexes) if (fields[index] === null) fields[index] = field;
  }
  return fields;
}

/** What the header row maps to, without refusing a header that names no name column (the user may choose one). */
export function describeHeader(header: string[], preset: ImportPreset | null): { fields: Array<ImportField | null>; problem: string | null } {
  const fields = fieldsByColumn(mapHeaderLeniently(header, preset));
  const problem = NAME_FIELDS.some((field) => fields.includes(field)) ? null : 'No column holds the name: choose the column that holds it (or the first and last name).';
  return { fields, problem };
}
