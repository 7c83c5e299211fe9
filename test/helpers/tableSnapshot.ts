import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/** A row as the driver returns it; column values are whatever the dialect hands back. */
export type Row = Record<string, unknown>;

/** Every application table (Kysely's own migration tables excluded), sorted by name. */
export async function tableNames<D>(db: Kysely<D>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.filter((t) => !t.isView).map((t) => t.name).sort();
}

export async function rowsOf<D>(db: Kysely<D>, table: string): Promise<Row[]> {
  const result = await sql<Row>`select * from ${sql.table(table)}`.execute(db);
  return result.rows;
}

/** A dialect-neutral text form of one cell, so SQLite and PostgreSQL rows hash alike. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '\u2400';
  if (Buffer.isBuffer(value)) return `hex:${value.toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function rowText(row: Row): string {
  return Object.keys(row).sort().map((column) => `${column}=${cellText(row[column])}`).join('\u001f');
}

export interface TableState {
  rows: number;
  hash: string;
}

/** Row count and an order-independent content hash of every table. */
export type DatabaseSnapshot = Record<string, TableState>;

// Introspection is slow on PostgreSQL and the schema is fixed once migrated: ask once per connection.
const tablesOfDb = new WeakMap<object, Promise<string[]>>();

export async function snapshotDatabase<D>(db: Kysely<D>): Promise<DatabaseSnapshot> {
  let names = tablesOfDb.get(db);
  if (!names) tablesOfDb.set(db, names = tableNames(db));
  const tables = await names;
  const states = await Promise.all(tables.map(async (table): Promise<TableState> => {
    const rows = (await rowsOf(db, table)).map(rowText).sort();
    const hash = createHash('sha256');
    for (const row of rows) hash.update(row).update('\u001e');
    return { rows: rows.length, hash: hash.digest('hex') };
  }));
  return Object.fromEntries(tables.map((table, i) => [table, states[i] as TableState]));
}

/** Every cell of every table, with where it lives: for "this secret is stored nowhere" scans. */
export async function everyCell<D>(db: Kysely<D>): Promise<Array<{ table: string; column: string; text: string }>> {
  const cells: Array<{ table: string; column: string; text: string }> = [];
  for (const table of await tableNames(db)) {
    for (const row of await rowsOf(db, table)) {
      for (const [column, value] of Object.entries(row)) cells.push({ table, column, text: cellText(value) });
    }
  }
  return cells;
}
