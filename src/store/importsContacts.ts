/** The contacts an import batch reads (its rows' duplicates) and writes (its new contacts). */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Contact } from '../core/types.js';
import { toContact, toRow } from './contacts.js';
import type { Db } from './db.js';

/**
 * Contacts of the workspace with one of these e-mails or phone keys, the oldest first: the one a
 * duplicate is matched to.
 */
export async function contactsMatching(db: Db, workspaceId: string, emails: string[], phoneKeys: string[]): Promise<Contact[]> {
  const found = new Map<string, Contact>();
  const lookups: Array<['email' | 'phone_key', string[]]> = [['email', emails], ['phone_key', phoneKeys]];
  for (const [column, values] of lookups) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId)
        .where(column, 'in', values.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.id, toContact(row));
    }
  }
  return [...found.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

const ROWS_A_STATEMENT = 400;
const insertTexts = new Map<string, string>();

/**
 * `INSERT INTO contacts (…) VALUES (…), …` for this many rows, written once: building and compiling
 * four hundred rows of thirty values through the query builder was a seventh of an import's time.
 */
function insertText(columns: readonly string[], rows: number, postgres: boolean): string {
  const key = `${postgres ? 'pg' : 'sqlite'}:${rows}:${columns.join(',')}`;
  let text = insertTexts.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    text = `insert into "contacts" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

/** New contacts, a few hundred a statement. */
export async function insertContacts(db: Db, contacts: Contact[]): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (let i = 0; i < contacts.length; i += ROWS_A_STATEMENT) {
    const rows: Array<Record<string, unknown>> = contacts.slice(i, i + ROWS_A_STATEMENT).map(toRow);
    // A column left undefined (time spent) takes its default, as the query builder would leave it out.
    const columns = Object.entries(rows[0] ?? {}).filter(([, value]) => value !== undefined).map(([column]) => column);
    const values = rows.flatMap((row) => columns.map((column) => row[column] ?? null));
    await db.executeQuery(CompiledQuery.raw(insertText(columns, rows.length, postgres), values));
  }
}
