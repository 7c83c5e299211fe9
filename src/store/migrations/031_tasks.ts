import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Tasks (issue 16 item 6): work of the salesperson's own that is no promise to a client (prepare a
 * proposal, send a document), due on a date of the owner's, on Today until done. A task may name a
 * contact or an opportunity, but need not.
 *
 * A task feeds the Today agenda, so it joins the agenda-changed triggers of migration 020: the cached
 * agenda notices every write to it, whoever makes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    // The owner's local date, YYYY-MM-DD.
    .addColumn('due_local', 'text', (c) => c.notNull())
    // HH:mm on that date in `due_time_zone`; both null for a task due some time that day.
    .addColumn('due_time', 'text')
    .addColumn('due_time_zone', 'text')
    // Erasing the contact (or its opportunity) keeps the task, which is the salesperson's own work, without the link.
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('opportunity_id', 'text', (c) => c.references('opportunities.id').onDelete('set null'))
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The owner's agenda: their open tasks due up to a day.
  await db.schema.createIndex('tasks_agenda').on('tasks').columns(['workspace_id', 'owner_id', 'done_at', 'due_local']).execute();
  await db.schema.createIndex('tasks_contact').on('tasks').columns(['contact_id']).execute();
  await db.schema.createIndex('tasks_opportunity').on('tasks').columns(['opportunity_id']).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE TRIGGER agenda_changed AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION agenda_changed()`.execute(db);
    return;
  }
  const bump = (row: 'NEW' | 'OLD') =>
    `INSERT INTO agenda_versions (workspace_id, version) VALUES (${row}.workspace_id, 1) ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1;`;
  await sql.raw(`CREATE TRIGGER agenda_changed_tasks_insert AFTER INSERT ON tasks BEGIN ${bump('NEW')} END`).execute(db);
  await sql.raw(`CREATE TRIGGER agenda_changed_tasks_update AFTER UPDATE ON tasks BEGIN ${bump('NEW')} END`).execute(db);
  await sql.raw(`CREATE TRIGGER agenda_changed_tasks_delete AFTER DELETE ON tasks BEGIN ${bump('OLD')} END`).execute(db);
}
