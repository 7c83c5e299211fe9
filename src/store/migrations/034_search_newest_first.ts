import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: a workspace's search documents newest first, so that a word many contacts hold is
 * searched by reading the newest documents until a page is full (store/contactSearch.ts) rather than
 * every match the GIN index gives. SQLite's FTS5 already answers newest first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`CREATE INDEX contact_search_docs_newest ON contact_search_docs (workspace_id, contact_id)`.execute(db);
}
