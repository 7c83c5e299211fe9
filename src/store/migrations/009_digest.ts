import type { Kysely } from 'kysely';

/**
 * The morning digest: one row per user and local date, written in the transaction that queues the
 * mail, so the primary key makes it once a day even with several instances scheduling. Users may
 * turn it off.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('digests')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digests_pk', ['user_id', 'local_date'])
    .execute();
  // A table rather than a users column: a row is the opt-out, and User stays as every query builds it.
  await db.schema
    .createTable('digest_opt_outs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
