/**
 * Custom fields in a CSV import (issue 16 item 2): which columns hold which of the workspace's
 * custom fields, and each row's values checked by core's one rule. A header is recognised by the
 * field's label or key, or as "custom.<key>" (the column this product's export writes); the user
 * can also choose "custom.<key>" for any column.
 */
import type { CustomFieldValue } from '../../shared/customFields.js';
import { AppError } from '../errors.js';
import { cellsOf, checkCustomFieldValue, valueAsCell, type CustomFieldDefinition, type StoredCell } from '../customFields.js';
import { neutraliseFormula } from './formulaCells.js';
import type { RowOutcome } from './candidate.js';
import { normalizeHeader } from './columnPresets.js';

export const CUSTOM_COLUMN_PREFIX = 'custom.';

/** A custom field as the import sees it: its definition and the id its values are stored under. */
export interface ImportableCustomField extends CustomFieldDefinition {
  id: string;
}

/** A custom field's cells for one row, ready to store. */
export interface ImportedCustomValue {
  fieldId: string;
  cells: StoredCell[];
}

/** The export's header for a custom field: its key, so a re-import finds it even after a rename. */
export const customColumnHeader = (key: string): string => `${CUSTOM_COLUMN_PREFIX}${key}`;

/** Column index → custom field, for headers no built-in field took. */
export function customColumnsOf(header: string[], fields: readonly ImportableCustomField[], taken: ReadonlySet<number>): Map<number, ImportableCustomField> {
  const columns = new Map<number, ImportableCustomField>();
  if (fields.length === 0) return columns;
  const byName = new Map<string, ImportableCustomField>();
  for (const field of fields) {
    for (const name of [customColumnHeader(field.key), field.key, field.label]) {
      const normalized = normalizeHeader(name);
      if (normalized && !byName.has(normalized)) byName.set(normalized, field);
    }
  }
  const used = new Set<string>();
  header.forEach((h, index) => {
    if (taken.has(index)) return;
    const field = byName.get(normalizeHeader(h));
    if (field && !used.has(field.id)) {
      columns.set(index, field);
      used.add(field.id);
    }
  });
  return columns;
}

/** The custom fields chosen in a column choice ("name,email,custom.budget"): column index → key. */
export function chosenCustomKeys(text: string): Map<number, string> {
  const chosen = new Map<number, string>();
  text.split(',').forEach((part, index) => {
    const field = part.trim();
    if (field.startsWith(CUSTOM_COLUMN_PREFIX)) chosen.set(index, field.slice(CUSTOM_COLUMN_PREFIX.length));
  });
  return chosen;
}

/** The chosen keys resolved against the workspace's fields: an unknown one is refused before anything is imported. */
export function chosenCustomColumns(chosen: ReadonlyMap<number, string>, fields: readonly ImportableCustomField[]): Map<number, ImportableCustomField> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const columns = new Map<number, ImportableCustomField>();
  for (const [index, key] of chosen) {
    const field = byKey.get(key);
    if (!field) throw AppError.invalid('columns', `"${key.slice(0, 40)}" is not one of this workspace's custom fields on contacts`);
    columns.set(index, field);
  }
  return columns;
}

/** One row's custom values, each checked; a bad one is a problem worded with the field's label. */
export function readCustomCells(columns: ReadonlyMap<number, ImportableCustomField>, cells: readonly string[]): { values: ImportedCustomValue[]; problems: string[] } {
  const values: ImportedCustomValue[] = [];
  const problems: string[] = [];
  for (const [index, field] of columns) {
    const given = cells[index];
    if (given === undefined || given.trim() === '') continue;
    const checked = checkCustomFieldValue(field, given);
    if (!checked.ok) problems.push(checked.message.replace(/\.$/, ''));
    else if (checked.value !== null) values.push({ fieldId: field.id, cells: cellsOf(field, checked.value as CustomFieldValue) });
  }
  return { values, problems };
}

/** A row's outcome with its custom values: a bad one refuses the row, with the other fields' problems. */
export function withCustomValues(outcome: RowOutcome, columns: ReadonlyMap<number, ImportableCustomField>, cells: readonly string[], line: number, restore: (cell: string) => string): RowOutcome {
  if (outcome.kind === 'blank') return outcome;
  const { values, problems } = readCustomCells(columns, cells.map(restore));
  if (outcome.kind === 'rejected') return problems.length > 0 ? { ...outcome, reason: [outcome.reason, ...problems].join('; ') } : outcome;
  if (problems.length > 0) return { kind: 'rejected', line, reason: problems.join('; ') };
  return values.length > 0 ? { kind: 'candidate', candidate: { ...outcome.candidate, customValues: values } } : outcome;
}

/** The export's custom columns of one record, in the fields' order, each cell made inert for spreadsheets. */
export function customCsvCells(fields: readonly CustomFieldDefinition[], values: Readonly<Record<string, CustomFieldValue>>): string[] {
  return fields.map((field) => neutraliseFormula(valueAsCell(values[field.key])));
}
