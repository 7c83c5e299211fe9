import type { Kysely } from 'kysely';

/**
 * Every outbound email is a row here, written in the transaction that caused it; the worker claims
 * rows with a lease and an attempt number, and every later change is fenced by that attempt.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('follow_up_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('calendar', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('unsubscribe_token', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_claim').on('outbox').columns(['status', 'available_at']).execute();
  await db.schema.createIndex('outbox_lease').on('outbox').columns(['status', 'lease_until']).execute();
  await db.schema.createIndex('outbox_follow_up').on('outbox').columns(['follow_up_id']).execute();
}
