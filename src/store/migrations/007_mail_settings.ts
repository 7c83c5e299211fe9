import type { Kysely } from 'kysely';

/**
 * SMTP (and IMAP) settings of a workspace or of one user, passwords sealed with SECRETS_KEY; and on
 * the outbox, the mailbox a claimed row goes out through, so per-mailbox caps can count sends.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // 'workspace', or the id of the user whose own mailbox this is.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('smtp_host', 'text', (c) => c.notNull())
    .addColumn('smtp_port', 'integer', (c) => c.notNull())
    .addColumn('smtp_security', 'text', (c) => c.notNull())
    .addColumn('smtp_user', 'text')
    .addColumn('smtp_password', 'text')
    .addColumn('imap_host', 'text')
    .addColumn('imap_port', 'integer')
    .addColumn('imap_security', 'text')
    .addColumn('imap_user', 'text')
    .addColumn('imap_password', 'text')
    .addColumn('hourly_cap', 'integer', (c) => c.notNull())
    .addColumn('daily_cap', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mail_settings_scope', ['workspace_id', 'scope'])
    .execute();
  await db.schema.alterTable('outbox').addColumn('mailbox', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_at', 'text').execute();
  await db.schema.createIndex('outbox_mailbox_claims').on('outbox').columns(['mailbox', 'claimed_at']).execute();
}
