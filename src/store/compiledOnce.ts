import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './schema.js';

/** The values a query compiled once takes: each one bound as a single parameter. */
export type QueryValue = string | number | null;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each parameter of the compiled query, the index of the value it takes, or null for a constant. */
  slots: Array<number | null>;
}

function compiledBy<R>(db: Db, query: Compilable<R> | RawBuilder<R>): CompiledQuery<R> {
  return 'isRawBuilder' in query ? query.compile(db) : query.compile();
}

const PLACEHOLDER = '\u0000compiled-once-value-';

/**
 * A query whose SQL never changes, only its values, built and compiled by Kysely once per dialect
 * instead of on every call. Building is what costs: for the token lookup every API request makes, it
 * was 14 % of a kept agenda's CPU (kysely's parsers, visitors and frozen nodes). The query is built
 * with placeholder values and each compiled parameter that is a placeholder takes the value given;
 * so a value must be bound as one parameter (not a list for `in`, not used to choose the SQL).
 * On a database with plugins, which transform every query as it is built, it is built every time.
 */
export function compiledOnce<V extends QueryValue[], R>(build: (db: Db, ...values: V) => Compilable<R> | RawBuilder<R>): (db: Db, ...values: V) => Promise<R[]> {
  const byDialect = new WeakMap<DialectAdapter, Compiled<R>>();
  const compile = (db: Db, count: number): Compiled<R> => {
    const placeholders = Array.from({ length: count }, (_, i) => `${PLACEHOLDER}${i}`) as V;
    const query = compiledBy(db, build(db, ...placeholders));
    const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(PLACEHOLDER) ? Number(p.slice(PLACEHOLDER.length)) : null));
    const unused = placeholders.findIndex((_, i) => !slots.includes(i));
    if (unused >= 0) throw new Error(`compiledOnce: value ${unused} is not bound as a parameter of ${query.sql}`);
    return { query, slots };
  };
  return async (db, ...values) => {
    const executor = db.getExecutor();
    // A plugin transforms each query as it is built (tests count and explain statements that way): built as usual.
    if (executor.plugins.length > 0) return (await db.executeQuery(compiledBy(db, build(db, ...values)))).rows;
    const adapter = executor.adapter;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      compiled = compile(db, values.length);
      byDialect.set(adapter, compiled);
    }
    const { query, slots } = compiled;
    const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : values[slot]));
    const result = await db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

/**
 * An insert of one row into `table`, compiled once for each set of columns it is given (the row's
 * keys, in order; a key whose value is undefined is left out, as Kysely leaves it out). Logging
 * inserts a touch and a follow-up every time. Its values are text, numbers and nulls, as compiledOnce's are.
 */
export function compiledInsert<T extends keyof Database & string>(table: T): (db: Db, row: Insertable<Database[T]> & Record<string, QueryValue | undefined>) => Promise<void> {
  const byColumns = new Map<string, (db: Db, ...values: QueryValue[]) => Promise<unknown[]>>();
  return async (db, row) => {
    const entries = Object.entries(row).filter((entry): entry is [string, QueryValue] => entry[1] !== undefined);
    const columns = entries.map(([column]) => column);
    const key = columns.join(',');
    let insert = byColumns.get(key);
    if (!insert) {
      insert = compiledOnce((into: Db, ...given: QueryValue[]) => into.insertInto(table)
        .values(Object.fromEntries(columns.map((column, i) => [column, given[i]])) as Insertable<Database[T]>));
      byColumns.set(key, insert);
    }
    await insert(db, ...entries.map(([, value]) => value));
  };
}
