import type { Selectable } from 'kysely';
import { camelRow, type CamelRow } from './camelRow.js';
import type { Db } from './db.js';
import type { PushSubscriptionsTable } from './schema.js';

export type PushSubscription = CamelRow<PushSubscriptionsTable>;

const toSubscription = (row: Selectable<PushSubscriptionsTable>): PushSubscription => camelRow(row);

/**
 * A browser's subscription, as given. The endpoint is unique: the same browser subscribing again
 * (new keys, or another user signed in on it) takes over its row, enabled again.
 */
export async function upsertPushSubscription(db: Db, s: PushSubscription): Promise<PushSubscription> {
  await db.insertInto('push_subscriptions').values({
    id: s.id, user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, device: s.device, created_at: s.createdAt,
    last_success_at: null, disabled_at: null, disabled_reason: null,
  }).onConflict((oc) => oc.column('endpoint').doUpdateSet({
    user_id: s.userId, p256dh: s.p256dh, auth: s.auth, device: s.device, disabled_at: null, disabled_reason: null,
  })).execute();
  const row = await db.selectFrom('push_subscriptions').selectAll().where('endpoint', '=', s.endpoint).executeTakeFirstOrThrow();
  return toSubscription(row);
}

export async function pushSubscriptionsOf(db: Db, userId: string): Promise<PushSubscription[]> {
  const rows = await db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toSubscription);
}

/** Only the user's own: another user's subscription is "not found". */
export async function deletePushSubscription(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('push_subscriptions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The push service said it is gone (404/410): nothing is sent to it again until the browser subscribes anew. */
export async function disablePushSubscription(db: Db, id: string, atIso: string, reason: string): Promise<void> {
  await db.updateTable('push_subscriptions').set({ disabled_at: atIso, disabled_reason: reason }).where('id', '=', id).where('disabled_at', 'is', null).execute();
}

export async function markPushSubscriptionReached(db: Db, id: string, atIso: string): Promise<void> {
  await db.updateTable('push_subscriptions').set({ last_success_at: atIso }).where('id', '=', id).execute();
}
