import type { Kysely } from 'kysely';

/**
 * Booking links (issue 13): the client chooses the time and the channel.
 * - `booking_links`: the token is kept only as its SHA-256 hash; a link expires, can be withdrawn
 *   (the contact opted out or said no, or the salesperson took it back), and remembers the
 *   follow-up it booked.
 * - `booking_claims`: each quarter hour a booked follow-up occupies, one row per (user, cell). The
 *   primary key decides a race between two contacts choosing overlapping times, on either database
 *   and across server instances: the second insert fails and that booking is refused.
 * - a playbook email offering times keeps its link's token until it is sent, like its unsubscribe token.
 * - follow-ups get a length (timed ones without one count as half an hour) and a mark for those the
 *   client booked themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('booking_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('follow_up_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('agenda', 'text')
    // JSON list of the channels offered, the contact's preferred first.
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('booked_follow_up_id', 'text')
    .addColumn('booked_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .execute();
  await db.schema.createIndex('booking_links_contact').on('booking_links').columns(['workspace_id', 'contact_id']).execute();
  await db.schema.createIndex('booking_links_user_cancelled').on('booking_links').columns(['user_id', 'cancelled_at']).execute();

  await db.schema
    .createTable('booking_claims')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('cell', 'text', (c) => c.notNull())
    .addColumn('follow_up_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_claims_pk', ['user_id', 'cell'])
    .execute();
  await db.schema.createIndex('booking_claims_follow_up').on('booking_claims').column('follow_up_id').execute();

  // A playbook email with {{bookingUrl}} or {{suggestedTimes}}: the link's token, put into the text when it is sent (as the unsubscribe link is).
  await db.schema.alterTable('outbox').addColumn('booking_token', 'text').execute();
  await db.schema.alterTable('follow_ups').addColumn('duration_minutes', 'integer').execute();
  await db.schema.alterTable('follow_ups').addColumn('booked_by_client', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
