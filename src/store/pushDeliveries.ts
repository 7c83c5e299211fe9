/**
 * The push outbox. Due reminders are found by a query over open follow-ups and enabled
 * subscriptions at claim time (a follow-up's reschedule or cancel writes nothing here); a claim
 * inserts the delivery row, whose unique key (follow-up, due time, subscription) lets only one
 * worker on one instance have it. Every later change is fenced by the attempt number.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DialectName } from './connect.js';
import type { Db } from './db.js';
import { newId } from './ids.js';
import type { PushDeliveryStatus } from './schema.js';

export type { PushDeliveryStatus } from './schema.js';

export interface PushDelivery {
  id: string;
  subscriptionId: string;
  followUpId: string;
  dueAt: string;
  status: PushDeliveryStatus;
  attempt: number;
  sentAt: string | null;
  lastError: string | null;
}

/** The reminder's time has come: the follow-up's due time less the user's lead, in each dialect's date arithmetic. */
function leadReached(dialect: DialectName, nowIso: string): Expression<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`(f.due_at::timestamptz - u.reminder_minutes * interval '1 minute') <= ${nowIso}::timestamptz`
    : sql<SqlBool>`strftime('%Y-%m-%dT%H:%M:%fZ', f.due_at, '-' || u.reminder_minutes || ' minutes') <= ${nowIso}`;
}

/**
 * Reminders due now that no delivery row has yet: open timed follow-ups due after now and at most
 * `horizonIso` (the longest lead), whose user wants reminders, times each enabled subscription of
 * that user, with the user still a member of the follow-up's workspace. Oldest due first, so
 * concurrent claimers insert in one order.
 */
export async function dueReminders(db: Db, dialect: DialectName, nowIso: string, horizonIso: string, limit: number) {
  return db.selectFrom('push_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', 'm.user_id', 's.user_id')
    .innerJoin('follow_ups as f', (join) => join.onRef('f.workspace_id', '=', 'm.workspace_id').onRef('f.user_id', '=', 's.user_id'))
    .select(['f.id as followUpId', 'f.due_at as dueAt', 'f.workspace_id as workspaceId', 's.id as subscriptionId', 's.user_id as userId'])
    .where('s.disabled_at', 'is', null).where('u.deactivated_at', 'is', null).where('u.reminder_minutes', '>', 0)
    .where('f.status', '=', 'open').where('f.all_day', '=', 0).where('f.due_at', '>', nowIso).where('f.due_at', '<=', horizonIso)
    .where(leadReached(dialect, nowIso))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('push_deliveries as d').select('d.id')
      .whereRef('d.follow_up_id', '=', 'f.id').whereRef('d.due_at', '=', 'f.due_at').whereRef('d.subscription_id', '=', 's.id'))))
    .orderBy('f.due_at').orderBy('f.id').orderBy('s.id').limit(limit).execute();
}

export interface NewClaim {
  followUpId: string;
  dueAt: string;
  workspaceId: string;
  subscriptionId: string;
  userId: string;
}

/**
 * The claim itself: the row, already `sending` under a lease with attempt 1. Null when another
 * claimer has it (the unique key; on PostgreSQL this waits for that claimer's commit, then yields).
 */
export async function insertClaim(db: Db, claim: NewClaim, nowIso: string, leaseUntil: string, nowMs: number): Promise<string | null> {
  const row = await db.insertInto('push_deliveries').values({
    id: newId(nowMs), workspace_id: claim.workspaceId, user_id: claim.userId, subscription_id: claim.subscriptionId, follow_up_id: claim.followUpId,
    due_at: claim.dueAt, status: 'sending', attempt: 1, lease_until: leaseUntil, available_at: nowIso, claimed_at: nowIso, created_at: nowIso,
  }).onConflict((oc) => oc.columns(['follow_up_id', 'due_at', 'subscription_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Whether a claim would find anything: a lease to expire, a retry due, or a reminder due. Read
 * outside any transaction, so an idle worker's poll never takes SQLite's write lock.
 */
export async function hasPushWork(db: Db, dialect: DialectName, nowIso: string, horizonIso: string): Promise<boolean> {
  const pending = await db.selectFrom('push_deliveries').select('id')
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', nowIso)]),
      eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', nowIso)]),
    ])).limit(1).executeTakeFirst();
  return pending !== undefined || (await dueReminders(db, dialect, nowIso, horizonIso, 1)).length > 0;
}

/** Retries whose time has come, locked for this transaction (PostgreSQL skips rows another claimer holds). */
export async function lockRetries(db: Db, dialect: DialectName, nowIso: string, limit: number): Promise<Array<{ id: string; attempt: number }>> {
  const query = db.selectFrom('push_deliveries').select(['id', 'attempt']).where('status', '=', 'queued').where('available_at', '<=', nowIso)
    .orderBy('available_at').orderBy('id').limit(limit);
  const rows = dialect === 'postgres' ? await query.forUpdate().skipLocked().execute() : await query.execute();
  return rows.map((r) => ({ id: r.id, attempt: Number(r.attempt) }));
}

/** What a delivery row reminds of, as the follow-up and subscription stand now. */
export async function deliveryFacts(db: Db, id: string) {
  return db.selectFrom('push_deliveries as d')
    .innerJoin('push_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('follow_ups as f', 'f.id', 'd.follow_up_id')
    .innerJoin('contacts as c', 'c.id', 'f.contact_id')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id', 'd.attempt', 'd.workspace_id as workspaceId', 'd.user_id as userId', 'd.due_at as dueAt', 'd.subscription_id as subscriptionId',
      's.endpoint', 's.p256dh', 's.auth', 's.disabled_at as subscriptionDisabledAt',
      'f.id as followUpId', 'f.status as followUpStatus', 'f.due_at as followUpDueAt', 'f.channel', 'f.agenda',
      'c.id as contactId', 'c.name as contactName', 'c.time_zone as contactTimeZone', 'u.time_zone as userTimeZone', 'u.reminder_minutes as reminderMinutes',
    ])
    .where('d.id', '=', id).executeTakeFirst();
}

/** queued → sending with the next attempt and a lease; false when someone else moved it first. */
export async function markSending(db: Db, id: string, attempt: number, leaseUntil: string, nowIso: string): Promise<boolean> {
  const result = await db.updateTable('push_deliveries').set({ status: 'sending', attempt, lease_until: leaseUntil, claimed_at: nowIso })
    .where('id', '=', id).where('status', '=', 'queued').where('attempt', '=', attempt - 1).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A queued retry that must not go out any more (the follow-up moved or closed, its time passed). */
export async function settleQueued(db: Db, id: string, status: PushDeliveryStatus, reason: string): Promise<void> {
  await db.updateTable('push_deliveries').set({ status, last_error: reason }).where('id', '=', id).where('status', '=', 'queued').execute();
}

export interface PushOutcome {
  status: PushDeliveryStatus;
  lastError?: string | null;
  sentAt?: string;
  availableAt?: string;
}

/** Fencing: only the attempt holding the row records its outcome; 0 means this worker lost it (its lease ran out). */
export async function recordPushOutcome(db: Db, id: string, attempt: number, outcome: PushOutcome): Promise<number> {
  const result = await db.updateTable('push_deliveries').set({
    status: outcome.status, lease_until: null,
    ...(outcome.lastError !== undefined ? { last_error: outcome.lastError } : {}),
    ...(outcome.sentAt !== undefined ? { sent_at: outcome.sentAt } : {}),
    ...(outcome.availableAt !== undefined ? { available_at: outcome.availableAt } : {}),
  }).where('id', '=', id).where('attempt', '=', attempt).where('status', '=', 'sending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sends whose worker died or stalled: the push service may or may not have the message, so they are never sent again. */
export async function expirePushLeases(db: Db, nowIso: string): Promise<number> {
  const result = await db.updateTable('push_deliveries')
    .set({ status: 'unknown', lease_until: null, last_error: 'worker lost its lease mid-send: the reminder may or may not have been delivered' })
    .where('status', '=', 'sending').where('lease_until', '<', nowIso).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A user's deliveries, newest first (for people and tests reading what went out). */
export async function pushDeliveriesOf(db: Db, userId: string, limit = 200): Promise<PushDelivery[]> {
  const rows = await db.selectFrom('push_deliveries')
    .select(['id', 'subscription_id', 'follow_up_id', 'due_at', 'status', 'attempt', 'sent_at', 'last_error'])
    .where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, subscriptionId: r.subscription_id, followUpId: r.follow_up_id, dueAt: r.due_at, status: r.status,
    attempt: Number(r.attempt), sentAt: r.sent_at, lastError: r.last_error,
  }));
}

/**
 * Deliveries of reminders whose due time is older than `beforeIso`, in a final state. Safe to forget:
 * a reminder is only ever claimed before its due time, so no claim can match these keys again.
 */
export async function pruneOldPushDeliveries(db: Db, beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('push_deliveries').where('due_at', '<', beforeIso).where('status', 'not in', ['sending', 'queued']).executeTakeFirst();
  return Number(result.numDeletedRows);
}
