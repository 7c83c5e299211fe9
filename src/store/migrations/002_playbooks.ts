import type { Kysely } from 'kysely';

/** Playbooks of a workspace (built-ins live in code), enrollments, and the script a step carries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('playbooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('playbooks_workspace_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('playbook_key', 'text', (c) => c.notNull())
    .addColumn('playbook_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exit_reason', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enrollments_contact').on('enrollments').columns(['workspace_id', 'contact_id', 'status']).execute();

  await db.schema.alterTable('follow_ups').addColumn('script', 'text').execute();
  await db.schema.alterTable('follow_ups').addColumn('subject', 'text').execute();
}
