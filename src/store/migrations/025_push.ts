import type { Kysely } from 'kysely';

/**
 * Web Push reminders (issue 15 item 4).
 * - `push_keys`: the server's one VAPID key pair, made on first start; the private key sealed with
 *   SECRETS_KEY (mail/secretBox), never stored in the clear.
 * - `push_subscriptions`: a browser a user asked to be reminded on (the PushSubscription it gave).
 *   The endpoint is unique: a browser is subscribed for whoever subscribed it last. A push service
 *   answering 404/410 disables it.
 * - `push_deliveries`: the push outbox. A row is written only when a reminder is claimed (found by a
 *   query over open follow-ups and subscriptions), so rescheduling or cancelling a follow-up writes
 *   nothing here. One row per (follow-up, the due time it reminds of, subscription): the unique key
 *   is what makes a reminder go once, across instances; a rescheduled follow-up has a new due time
 *   and so a new reminder.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('push_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('device', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('disabled_reason', 'text')
    .execute();
  await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').columns(['user_id']).execute();

  await db.schema
    .createTable('push_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('push_subscriptions.id').onDelete('cascade'))
    // Erasing a contact erases its follow-ups, and with them what was pushed about them.
    .addColumn('follow_up_id', 'text', (c) => c.notNull().references('follow_ups.id').onDelete('cascade'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('push_deliveries_once', ['follow_up_id', 'due_at', 'subscription_id'])
    .execute();
  await db.schema.createIndex('push_deliveries_claim').on('push_deliveries').columns(['status', 'available_at']).execute();
  await db.schema.createIndex('push_deliveries_lease').on('push_deliveries').columns(['status', 'lease_until']).execute();
  await db.schema.createIndex('push_deliveries_subscription').on('push_deliveries').columns(['subscription_id']).execute();
}
