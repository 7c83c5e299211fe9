import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: the search indexes (migration 028) write straight into their trees, with no pending
 * list (issue 16 item 4, issue 14). With GIN's default `fastupdate`, new entries wait in a pending list
 * of up to 4 MB that every search reads from end to end until a vacuum merges it: after an import or
 * the upkeep's batches that was ~4 ms for each of a search's two index scans, even for a word no one
 * has. Documents are now written in batches by the upkeep (migration 032), so the slower direct write
 * is paid there, not by the searcher. SQLite has nothing to do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const index of ['contact_search_document', 'contact_search_head']) {
    await sql.raw(`ALTER INDEX ${index} SET (fastupdate = off)`).execute(db);
    await sql.raw(`SELECT gin_clean_pending_list('${index}'::regclass)`).execute(db);
  }
}
