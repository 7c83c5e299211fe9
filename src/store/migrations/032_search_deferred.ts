import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { sqliteAgendas, sqlitePhone } from './028_search.js';

/**
 * A new contact's search document is written after its insert, not inside it (issue 14, import).
 * Migration 028 wrote the document, and so the FTS5 index, row by row inside every contact insert:
 * an import of 100,000 contacts fell to 12,000 rows/s, and a bare insert loop to under 2,000 rows/s,
 * because interleaving the index with the contacts' own pages grew slower as both grew. Now a contact
 * insert only marks the contact in `contact_search_stale`, as touches and follow-ups already did; the
 * store writes the document at once for a contact created one at a time (store/contacts.ts
 * insertContact), an import writes its contacts' in batches of 5,000 after their rows, and the worker's upkeep
 * writes any left behind (a bulk load by SQL, an import cut off).
 * `contact_search_source` is the one definition of a contact's whole document, for both.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE VIEW contact_search_source AS
      SELECT c.id AS contact_id, c.workspace_id, c.name, c.company, c.email, contact_search_phone(c.phone) AS phone, c.notes,
        contact_search_agendas(c.workspace_id, c.id) AS agendas
      FROM contacts c`.execute(db);
    // 028's trigger kept for deletes; inserts get their own, which only marks.
    await sql`DROP TRIGGER contact_search ON contacts`.execute(db);
    await sql`CREATE TRIGGER contact_search AFTER DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION contact_search_contact()`.execute(db);
    await sql`CREATE FUNCTION contact_search_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contact_search_stale (contact_id, workspace_id) VALUES (NEW.id, NEW.workspace_id)
          ON CONFLICT (contact_id) DO UPDATE SET marks = contact_search_stale.marks + 1;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION contact_search_mark_new()`.execute(db);
    return;
  }
  await sql.raw(`CREATE VIEW contact_search_source AS
    SELECT c.id AS contact_id, c.workspace_id, c.name, c.company, c.email, ${sqlitePhone('c.phone')} AS phone, c.notes,
      ${sqliteAgendas('c.workspace_id', 'c.id')} AS agendas
    FROM contacts c`).execute(db);
  await sql`DROP VIEW contact_search_agendas`.execute(db);
  await sql`DROP TRIGGER contact_search_contact_insert`.execute(db);
  await sql`CREATE TRIGGER contact_search_contact_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search_stale (contact_id, workspace_id) VALUES (NEW.id, NEW.workspace_id) ON CONFLICT (contact_id) DO NOTHING; END`.execute(db);
}
