import type pg from 'pg';

/** How many statements one connection keeps prepared; past it, further ones are planned each time as before. */
const DEFAULT_LIMIT = 500;

/** PostgreSQL's answer when a kept plan's columns changed under it (`select *` after another process added a column). */
function isStalePlan(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === '0A000' && /cached plan must not change result type/.test(error.message);
}

/** A select list or returning clause with `*`: its columns are whatever the table has when it is planned. */
const ALL_COLUMNS = /(?:select|returning|,)\s*(?:"[^"]+"\.)?\*/i;

type Query = (text: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Issue 14: PostgreSQL parses and plans an unnamed statement on every execution — for the token
 * lookup, a four-table join, that was 0.4 ms of the server's CPU on every request, more than running
 * it. Each connection now prepares a statement the first time it sends that SQL text with parameters
 * and then only binds it. Left alone: text without parameters (it may hold several statements, as
 * migrations do, which only the simple protocol accepts), and statements reading `*`. PostgreSQL
 * refuses to run a kept plan whose columns changed, and upgrades add columns while the instances
 * still on the old version keep running (docs/operations.md, Upgrades): those must go on answering.
 *
 * Should a kept plan still go stale (a column's type changed), the connection forgets its statements;
 * a statement outside a transaction is sent again at once, one inside fails with PostgreSQL's error and
 * its transaction rolls back as any failed transaction does.
 */
export function prepareStatementsOnce(client: pg.PoolClient, limit = DEFAULT_LIMIT): void {
  const original = client.query.bind(client) as Query;
  // Each SQL text's statement name, or null when it is sent unprepared (it reads `*`): decided once per text.
  let decided = new Map<string, string | null>();
  let prepared = 0;
  const nameOf = (text: string): string | null => {
    const known = decided.get(text);
    if (known !== undefined) return known;
    if (ALL_COLUMNS.test(text)) {
      if (decided.size < limit) decided.set(text, null);
      return null;
    }
    if (prepared >= limit) return null;
    const name = `ft_${prepared++}`;
    decided.set(text, name);
    return name;
  };
  /** Under its name when it has one; reading `*`, or past the limit, unprepared. */
  const send = (text: string, values: unknown[]): unknown => {
    const name = nameOf(text);
    return name ? original({ name, text, values }) : original(text, values);
  };
  const named = (text: unknown, values?: unknown, callback?: unknown): unknown => {
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
      return original(text, values, callback);
    }
    const idle = client.getTransactionStatus() === 'I';
    return (send(text, values) as Promise<unknown>).catch((error: unknown) => {
      if (!isStalePlan(error)) throw error;
      decided = new Map();
      if (!idle) throw error;
      return send(text, values);
    });
  };
  client.query = named as typeof client.query;
}
