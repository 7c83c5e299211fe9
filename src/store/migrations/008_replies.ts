import type { Kysely } from 'kysely';

/**
 * Replies read over IMAP: how far each watched mailbox has been read (UIDVALIDITY and the last
 * UID seen), and every message already handled, keyed by its Message-ID (or a hash of the raw
 * message), written in the transaction of the interaction it caused so nothing is logged twice.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reply_mailboxes')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('mailbox_key', 'text', (c) => c.notNull())
    // UIDVALIDITY is an unsigned 32-bit number: text keeps it exact on both dialects.
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reply_mailboxes_pk', ['workspace_id', 'mailbox_key'])
    .execute();
  await db.schema
    .createTable('reply_messages')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('mailbox_key', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('uid', 'bigint', (c) => c.notNull())
    // reply | auto-reply | unmatched | own
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('interaction_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reply_messages_pk', ['workspace_id', 'mailbox_key', 'message_key'])
    .execute();
}
