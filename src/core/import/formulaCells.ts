/**
 * Formula injection: a CSV cell a spreadsheet would evaluate is prefixed with a single quote on
 * export, and the product's own import (the followthrough preset) removes exactly that quote again.
 */

/** After any leading whitespace, these start a formula (with their full-width twins). */
const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** True when a spreadsheet could read the cell as a formula: = + - @, a tab or CR first, also after spaces. */
export function startsFormula(cell: string): boolean {
  return cell.startsWith('\t') || cell.startsWith('\r') || FORMULA_START.test(cell);
}

/**
 * Makes a cell inert by prefixing a single quote. Cells that already start with quotes before a
 * formula get one more, so that `restoreFormula` undoes exactly this and nothing else.
 */
export function neutraliseFormula(cell: string): string {
  return startsFormula(cell.replace(/^'+/, '')) ? `'${cell}` : cell;
}

/** The inverse of neutraliseFormula, for reading back the product's own export. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && startsFormula(cell.replace(/^'+/, '')) ? cell.slice(1) : cell;
}
