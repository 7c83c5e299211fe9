import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A contact's time spent is the sum of their touches' minutes (migration 015). The database adds each
 * touch's minutes as the touch is written, so logging sends one statement fewer while holding the write
 * lock (issue 14 item 2) and no path that writes a touch can forget it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION add_time_spent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE contacts SET time_spent_minutes = time_spent_minutes + NEW.minutes
          WHERE workspace_id = NEW.workspace_id AND id = NEW.contact_id;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER add_time_spent AFTER INSERT ON interactions FOR EACH ROW
      WHEN (NEW.minutes IS NOT NULL AND NEW.minutes <> 0) EXECUTE FUNCTION add_time_spent()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER add_time_spent AFTER INSERT ON interactions
    WHEN NEW.minutes IS NOT NULL AND NEW.minutes <> 0
    BEGIN
      UPDATE contacts SET time_spent_minutes = time_spent_minutes + NEW.minutes
        WHERE workspace_id = NEW.workspace_id AND id = NEW.contact_id;
    END`.execute(db);
}
