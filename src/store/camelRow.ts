/** `follow_up_id` → `followUpId`, at the type level. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A row's columns under their camelCase names, each with the column's own type (a vocabulary's union stays one). */
export type CamelRow<Row> = { [Column in keyof Row as Column extends string ? CamelCase<Column> : never]: Row[Column] };

const camelNames = new Map<string, string>();

function camelName(column: string): string {
  let name = camelNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    camelNames.set(column, name);
  }
  return name;
}

/**
 * The one row → object mapping for tables whose domain object is the row under camelCase names:
 * every column of the row except `omit`, renamed. Columns that need more than a name (0/1 booleans,
 * JSON text) are overridden by the caller after the spread. Give it rows of the table alone
 * (selectAll): a joined or computed column would come along too.
 */
export function camelRow<Row extends object, Omitted extends keyof Row & string = never>(
  row: Row, omit: readonly Omitted[] = [],
): CamelRow<Omit<Row, Omitted>> {
  const object: Record<string, unknown> = {};
  const values = row as Record<string, unknown>;
  // for…in over a row (a plain object, no inherited keys) allocates no [key, value] pairs: rows are the hot path.
  for (const column in values) {
    if (!(omit as readonly string[]).includes(column)) object[camelName(column)] = values[column];
  }
  return object as CamelRow<Omit<Row, Omitted>>;
}
