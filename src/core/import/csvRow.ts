/** One CSV data row, read through the header mapping, → a candidate, a rejection with its line, or a blank row. */
import type { HeaderMapping } from './columnMapping.js';
import { cellProblem, validateRaw, type RawFields, type RowOutcome, type ZoneLookup } from './candidate.js';
import { restoreFormula } from './formulaCells.js';
import { withCustomValues } from './customColumns.js';

export interface CsvRowOptions {
  /** The followthrough preset reads this product's export: cells it made inert are restored. */
  restoreFormulas: boolean;
  zoneOf: ZoneLookup;
}

/** Google's export puts several values in one cell, separated by " ::: "; the first is the one. */
const GOOGLE_MULTI = ' ::: ';

export function csvRowToCandidate(mapping: HeaderMapping, cells: string[], line: number, options: CsvRowOptions): RowOutcome {
  if (cells.every((c) => c.trim() === '')) return { kind: 'blank' };
  if (cells.length > mapping.width && cells.slice(mapping.width).some((c) => c.trim() !== '')) {
    return { kind: 'rejected', line, reason: `the row has ${cells.length} cells but the header has ${mapping.width} columns (a delimiter or quote out of place?)` };
  }
  const raw: RawFields = {};
  for (const [field, indexes] of mapping.columns) {
    for (const index of indexes) {
      let value = cells[index];
      if (value === undefined) continue;
      const problem = cellProblem(value);
      if (problem) return { kind: 'rejected', line, reason: `${field}: ${problem}` };
      if (options.restoreFormulas) value = restoreFormula(value);
      if (mapping.preset === 'google' && value.includes(GOOGLE_MULTI)) value = value.split(GOOGLE_MULTI)[0] ?? '';
      if (value.trim() === '') continue;
      raw[field] = field === 'notes' || field === 'buyingProcess' ? value : value.trim();
      break;
    }
  }
  const outcome = validateRaw(raw, line, { preset: mapping.preset, zoneOf: options.zoneOf });
  if (!mapping.custom || mapping.custom.size === 0) return outcome;
  return withCustomValues(outcome, mapping.custom, cells, line, options.restoreFormulas ? restoreFormula : (cell) => cell);
}
