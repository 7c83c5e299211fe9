import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * What a cached agenda must notice (issue 14): any write to a table an agenda is made from marks its
 * workspace changed, by trigger, so no code path (a service, an import, a migration, psql) can be
 * missed.
 * - SQLite: one version number per workspace, raised in the writing transaction (SQLite has one
 *   writer at a time, so the row costs no waiting).
 * - PostgreSQL: one row per (workspace, writing transaction), inserted and never updated, so
 *   concurrent writers never wait on each other; a cached agenda holds the snapshot it was read
 *   under and is stale once a change that snapshot does not see has committed.
 */
const TABLES: readonly string[] = ['follow_ups', 'contacts', 'interactions', 'enrollments', 'playbooks', 'booking_links'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await postgres(db);
  } else {
    await sqlite(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqlite(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('agenda_versions')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  const bump = (column: string) =>
    `INSERT INTO agenda_versions (workspace_id, version) VALUES (${column}, 1) ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1;`;
  const targets: [string, string][] = [...TABLES.map((t): [string, string] => [t, 'workspace_id']), ['workspaces', 'id']];
  for (const [table, column] of targets) {
    await sql.raw(`CREATE TRIGGER agenda_changed_${table}_insert AFTER INSERT ON ${table} BEGIN ${bump(`NEW.${column}`)} END`).execute(db);
    await sql.raw(`CREATE TRIGGER agenda_changed_${table}_update AFTER UPDATE ON ${table} BEGIN ${bump(`NEW.${column}`)} END`).execute(db);
    await sql.raw(`CREATE TRIGGER agenda_changed_${table}_delete AFTER DELETE ON ${table} BEGIN ${bump(`OLD.${column}`)} END`).execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgres(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE agenda_changes (
    workspace_id text NOT NULL,
    xid xid8 NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, xid)
  )`.execute(db);
  await sql`CREATE INDEX agenda_changes_age ON agenda_changes (changed_at)`.execute(db);
  for (const [name, column] of [['agenda_changed', 'workspace_id'], ['agenda_changed_workspace', 'id']] as const) {
    await sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO agenda_changes (workspace_id, xid)
          VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.${column} ELSE NEW.${column} END, pg_current_xact_id())
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`).execute(db);
  }
  for (const table of TABLES) {
    await sql.raw(`CREATE TRIGGER agenda_changed AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION agenda_changed()`).execute(db);
  }
  await sql.raw('CREATE TRIGGER agenda_changed AFTER UPDATE OR DELETE ON workspaces FOR EACH ROW EXECUTE FUNCTION agenda_changed_workspace()').execute(db);
}
