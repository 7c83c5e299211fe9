import type { Kysely } from 'kysely';

/**
 * The weekly team summary to managers (issue 16 item 5).
 * - `team_summaries`: one row per manager, workspace and week (its Monday in the manager's zone),
 *   written in the transaction that queues the mail, so the key makes it once a week even with
 *   several workers scheduling.
 * - `team_summary_opt_outs`: a manager who turned it off (a row is the opt-out, as for the digest).
 * - `outbox.html`: an HTML alternative to the text body; null for every other mail (text only).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('team_summaries')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_summaries_pk', ['user_id', 'workspace_id', 'week'])
    .execute();
  await db.schema
    .createTable('team_summary_opt_outs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('outbox').addColumn('html', 'text').execute();
}
