import type { Kysely } from 'kysely';

/**
 * Accounts a team can run (issue 12 items 9 and 10):
 * - the iCal secret is kept only as its hash (a leaked database must not hand out every feed);
 *   `ical_created_at` says when the current link was made, null when none was ever shown (a new
 *   user's hash is of a secret nobody saw). Links made before this migration keep working.
 * - `deactivated_at`: a leaver can no longer sign in; their row stays for history.
 * - password reset links, stored as SHA-256 hashes like API tokens, one use each.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('ical_created_at', 'text').execute();
  await db.updateTable('users').set((eb) => ({ ical_created_at: eb.ref('created_at') })).execute();
  await db.schema.alterTable('users').dropColumn('ical_secret').execute();
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The workspace it was issued in: where its use is written in the audit log.
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_reset_tokens_user').on('password_reset_tokens').column('user_id').execute();
}
