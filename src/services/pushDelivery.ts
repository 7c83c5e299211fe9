/**
 * Delivering push reminders from the push outbox (store/pushDeliveries.ts): claiming what is due,
 * and recording each send's outcome fenced by its attempt. Like the mail outbox, a claim whose
 * worker died is never sent again: its row becomes `unknown`.
 */
import { nextPushTryMs, type ReminderFacts } from '../core/pushReminders.js';
import { formatInstant } from '../core/time.js';
import { MAX_REMINDER_MINUTES } from '../shared/defaults.js';
import type { Channel } from '../shared/vocabulary.js';
import type { Db } from '../store/db.js';
import * as deliveries from '../store/pushDeliveries.js';
import { disablePushSubscription, markPushSubscriptionReached } from '../store/pushSubscriptions.js';
import type { ServiceDeps } from './deps.js';

/** A claimed reminder with all it takes to word and send it. */
export interface ClaimedPush {
  id: string;
  attempt: number;
  leaseUntil: string;
  subscription: { id: string; endpoint: string; p256dh: string; auth: string };
  facts: ReminderFacts;
}

export type Recorded = 'recorded' | 'stale';

const MINUTE_MS = 60_000;

/**
 * Reads a claimed row's reminder as the follow-up stands now; settles a queued retry that must not
 * go (the follow-up closed or moved, the subscription is off, the due time passed) and answers null.
 */
async function claimable(trx: Db, id: string, nowMs: number, retry: boolean): Promise<Omit<ClaimedPush, 'leaseUntil'> | null> {
  const row = await deliveries.deliveryFacts(trx, id);
  if (!row) return null;
  if (retry) {
    const obsolete = row.followUpStatus !== 'open' ? `the follow-up is ${row.followUpStatus}` : row.followUpDueAt !== row.dueAt ? 'the follow-up was moved to another time'
      : row.subscriptionDisabledAt ? 'the subscription was disabled' : Number(row.reminderMinutes) <= 0 ? 'reminders were turned off' : null;
    if (obsolete) {
      await deliveries.settleQueued(trx, id, 'obsolete', obsolete);
      return null;
    }
    if (Date.parse(row.dueAt) <= nowMs) {
      await deliveries.settleQueued(trx, id, 'expired', 'the follow-up\'s time came before the push service took the reminder');
      return null;
    }
  }
  return {
    id: row.id, attempt: Number(row.attempt),
    subscription: { id: row.subscriptionId, endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth },
    facts: {
      followUpId: row.followUpId, dueAtMs: Date.parse(row.dueAt), channel: row.channel as Channel, agenda: row.agenda,
      contact: { id: row.contactId, name: row.contactName, timeZone: row.contactTimeZone }, userTimeZone: row.userTimeZone,
    },
  };
}

/**
 * One claiming transaction: leases that ran out become `unknown`; retries whose time has come and
 * reminders newly due (due time less the user's lead reached, due time not yet passed) move to
 * `sending` under a lease. At most `limit` rows, as a crashed worker leaves that many in doubt.
 */
export async function claimDueReminders(deps: ServiceDeps, options: { limit: number; leaseMs: number }): Promise<ClaimedPush[]> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const leaseUntil = formatInstant(now + options.leaseMs);
  const dialect = deps.store.dialect;
  const horizon = formatInstant(now + MAX_REMINDER_MINUTES * MINUTE_MS);
  if (!(await deliveries.hasPushWork(deps.store.db, dialect, nowIso, horizon))) return [];
  return deps.store.db.transaction().execute(async (trx) => {
    await deliveries.expirePushLeases(trx, nowIso);
    const claimed: ClaimedPush[] = [];
    for (const retry of await deliveries.lockRetries(trx, dialect, nowIso, options.limit)) {
      const push = await claimable(trx, retry.id, now, true);
      if (push && await deliveries.markSending(trx, push.id, retry.attempt + 1, leaseUntil, nowIso)) claimed.push({ ...push, attempt: retry.attempt + 1, leaseUntil });
    }
    if (claimed.length >= options.limit) return claimed;
    const due = await deliveries.dueReminders(trx, dialect, nowIso, horizon, options.limit - claimed.length);
    for (const reminder of due) {
      const id = await deliveries.insertClaim(trx, reminder, nowIso, leaseUntil, now);
      const push = id ? await claimable(trx, id, now, false) : null;
      if (push) claimed.push({ ...push, leaseUntil });
    }
    return claimed;
  });
}

async function record(deps: ServiceDeps, push: ClaimedPush, outcome: deliveries.PushOutcome): Promise<Recorded> {
  return (await deliveries.recordPushOutcome(deps.store.db, push.id, push.attempt, outcome)) === 1 ? 'recorded' : 'stale';
}

/** The push service took it (2xx). */
export async function recordPushSent(deps: ServiceDeps, push: ClaimedPush): Promise<Recorded> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    if ((await deliveries.recordPushOutcome(trx, push.id, push.attempt, { status: 'sent', sentAt: nowIso, lastError: null })) !== 1) return 'stale';
    await markPushSubscriptionReached(trx, push.subscription.id, nowIso);
    return 'recorded';
  });
}

/** 404/410: the subscription expired or was withdrawn; it is disabled and gets nothing more. */
export async function recordPushGone(deps: ServiceDeps, push: ClaimedPush, status: number): Promise<Recorded> {
  const nowIso = formatInstant(deps.clock());
  const reason = `the push service answered ${status}: this browser's subscription has ended`;
  return deps.store.db.transaction().execute(async (trx) => {
    if ((await deliveries.recordPushOutcome(trx, push.id, push.attempt, { status: 'gone', lastError: reason })) !== 1) return 'stale';
    await disablePushSubscription(trx, push.subscription.id, nowIso, reason);
    return 'recorded';
  });
}

/** 429, 5xx or no connection: again later (core/pushReminders says when), unless the follow-up's time would have come. */
export async function recordPushRetry(deps: ServiceDeps, push: ClaimedPush, error: string): Promise<Recorded> {
  const now = deps.clock();
  const next = nextPushTryMs(push.attempt, now, push.facts.dueAtMs);
  return record(deps, push, next === null
    ? { status: 'failed', lastError: `${error}; not tried again (the follow-up's time would have come, or the tries are spent)` }
    : { status: 'queued', lastError: error, availableAt: formatInstant(next) });
}

/** Any other refusal: trying again would be answered the same. */
export function recordPushFailed(deps: ServiceDeps, push: ClaimedPush, error: string): Promise<Recorded> {
  return record(deps, push, { status: 'failed', lastError: error });
}

/** The message may or may not have reached the push service: never sent again. */
export function recordPushUnknown(deps: ServiceDeps, push: ClaimedPush, error: string): Promise<Recorded> {
  return record(deps, push, { status: 'unknown', lastError: error });
}

/** Claimed but never sent (the lease ran short first): back to the queue, while the reminder still makes sense. */
export async function releasePushUnsent(deps: ServiceDeps, push: ClaimedPush): Promise<Recorded> {
  const stillDue = deps.clock() < push.facts.dueAtMs;
  return record(deps, push, stillDue ? { status: 'queued', lastError: 'lease ran short before sending; released unsent' } : { status: 'expired', lastError: 'the follow-up\'s time came before it was sent' });
}
