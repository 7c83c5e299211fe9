/**
 * Delivering the outbox: claiming due rows, deciding (core/outboxRules) what may go out and through
 * which mailbox, and recording each send's outcome fenced by its attempt. Enqueueing lives apart
 * (services/outboxQueue.ts), because a sent step is logged, and logging plans the next step.
 */
import {
  afterTemporaryFailure, capWait, capWindows, DIGEST_WITHOUT_MAILBOX, HELD_RETRY_MS, lateReason, noMailboxWait, stopReason, type MailCaps, type Wait,
} from '../core/outboxRules.js';
import { fillPlaceholders, notSentReason, placeholdersIn } from '../core/playbooks/template.js';
import { formatInstant } from '../core/time.js';
import { DEFAULT_MAIL_CAPS } from '../shared/defaults.js';
import type { DialectName } from '../store/connect.js';
import * as contacts from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { wantsDigest } from '../store/digests.js';
import { wantsSummary } from '../store/teamSummaries.js';
import * as followUps from '../store/followUps.js';
import { findEnrollment } from '../store/enrollments.js';
import { findMailSettings, WORKSPACE_SCOPE } from '../store/mailSettings.js';
import * as outbox from '../store/outbox.js';
import { isSystemMail } from '../store/outbox.js';
import type { OutboxMessage } from '../store/outbox.js';
import { actorForMessage } from './actors.js';
import type { ServiceDeps } from './deps.js';
import { logInteractionWithin } from './logInteraction.js';
import { mailboxFor } from './mailSettings.js';
import { standingValuesFor } from './mergeValues.js';
import { stopContacting } from './stopContacting.js';

export { DIGEST_WITHOUT_MAILBOX } from '../core/outboxRules.js';

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  maxLatenessMs: number;
  /** Whether the server's own SMTP (SMTP_URL) may carry mail that has no mailbox of its own. */
  serverMailbox?: boolean;
  /** Caps per sender through the server's SMTP (default 20 an hour, 200 a day). */
  serverCaps?: { hourlyCap: number; dailyCap: number };
}

/** Why a queued row must not go out any more (core/outboxRules decides); null when it may. Read inside the claiming transaction. */
async function stopReasonOf(db: Db, message: OutboxMessage): Promise<string | null> {
  const { workspaceId } = message;
  const contact = message.contactId ? await contacts.findContact(db, workspaceId, message.contactId) : undefined;
  // A contact gone or stopped decides it alone: the rest need not be read.
  if (contact === null || contact?.doNotContact) return stopReason({ kind: message.kind, contact });
  const enrollment = message.enrollmentId ? await findEnrollment(db, workspaceId, message.enrollmentId) : undefined;
  const followUp = message.followUpId && message.kind === 'step' ? await followUps.findFollowUp(db, workspaceId, message.followUpId) : undefined;
  return stopReason({
    kind: message.kind, contact, followUp,
    enrollment: enrollment === undefined || enrollment === null ? enrollment : { status: enrollment.state.status, exitReason: enrollment.state.exitReason },
    digestWanted: message.kind === 'digest' ? await wantsDigest(db, message.userId) : undefined,
    summaryWanted: message.kind === 'team-summary' ? await wantsSummary(db, message.userId) : undefined,
  });
}

/**
 * One claiming transaction: expired leases become `unknown`, due rows are locked, the stop
 * conditions are read again under that lock (so an opt-out or reply committed before the claim
 * always wins), and what may go out moves to `sending` with the next attempt number and a lease.
 */
export async function claimDue(deps: ServiceDeps, options: ClaimOptions): Promise<OutboxMessage[]> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const dialect: DialectName = deps.store.dialect;
  return deps.store.db.transaction().execute(async (trx) => {
    await outbox.expireLeases(trx, nowIso);
    const claimed: OutboxMessage[] = [];
    // One salesperson's rows share a mailbox: look it up once per claim, not once per row.
    const routes = new Map<string, Promise<MailRoute | null>>();
    const routeFor = (message: OutboxMessage) => {
      const key = isSystemMail(message.kind) ? `system|${message.workspaceId}` : `user|${message.workspaceId}|${message.userId ?? ''}`;
      let route = routes.get(key);
      if (!route) routes.set(key, route = routeOf(trx, message, options.serverMailbox ?? true, options.serverCaps));
      return route;
    };
    // Rows settled as skipped do not count: keep going until the batch is full or nothing is due.
    for (let round = 0; claimed.length < options.limit && round < 100; round++) {
      const batch = await outbox.lockClaimable(trx, dialect, nowIso, options.limit - claimed.length);
      for (const queued of batch) {
        await outbox.lockStopConditions(trx, dialect, queued);
        const reason = await stopReasonOf(trx, queued);
        const late = reason ? null : lateReason(Date.parse(queued.dueAt), now, options.maxLatenessMs, queued.heldReason);
        if (reason) {
          await outbox.settleQueued(trx, queued.id, 'skipped', reason);
        } else if (late) {
          await outbox.settleQueued(trx, queued.id, 'skipped-late', late);
        } else {
          const message = await filledOrHeld(trx, queued, now);
          if (!message) continue;
          const route = await routeFor(message);
          if (!route && message.kind === 'digest') {
            // A digest waits for no one: without a mailbox today's is simply not sent (and not flagged).
            await outbox.settleQueued(trx, message.id, 'skipped', DIGEST_WITHOUT_MAILBOX);
            continue;
          }
          const wait = route ? await capacityWait(trx, route, now) : noMailboxWait(now);
          if (wait) {
            await outbox.postpone(trx, message.id, formatInstant(wait.untilMs), wait.reason);
            continue;
          }
          const attempt = message.attempt + 1;
          const leaseUntil = formatInstant(now + options.leaseMs);
          if (route && await outbox.markSending(trx, message.id, attempt, leaseUntil, route.key, nowIso)) {
            claimed.push({ ...message, status: 'sending', attempt, leaseUntil, mailbox: route.key });
          }
        }
      }
      if (batch.length === 0) break;
    }
    return claimed;
  });
}

/**
 * An email never goes out with a hole: a step still carrying a placeholder ("[your phone number — …]")
 * is filled from the user and contact as they are now, or held, queued, with why and how to fix it.
 */
async function filledOrHeld(db: Db, message: OutboxMessage, now: number, wake = false): Promise<OutboxMessage | null> {
  if (message.kind !== 'step' || placeholdersIn(`${message.subject}\n${message.text}`).length === 0) return message;
  const actor = await actorForMessage(db, message);
  const contact = message.contactId ? await contacts.findContact(db, message.workspaceId, message.contactId) : null;
  const values = actor && contact ? standingValuesFor(actor, contact) : {};
  const subject = fillPlaceholders(message.subject, values);
  const text = fillPlaceholders(message.text, values);
  const empty = placeholdersIn(`${subject}\n${text}`);
  if (empty.length > 0) {
    await outbox.hold(db, message.id, formatInstant(now + HELD_RETRY_MS), notSentReason(empty));
    return null;
  }
  await outbox.releaseFilled(db, message.id, subject, text, wake ? formatInstant(now) : undefined);
  return { ...message, subject, text, lastError: null, heldReason: null };
}

/** The user filled in their profile: each email held for them is filled and due at once, or held with what is still missing. */
export async function refillHeldMail(db: Db, workspaceId: string, userId: string, now: number): Promise<void> {
  for (const message of await outbox.heldMailOf(db, workspaceId, userId)) await filledOrHeld(db, message, now, true);
}

export type Recorded = 'recorded' | 'stale';

export interface MailRoute {
  /** `settings:<id>` for a stored mailbox, `server:<sender>` for SMTP_URL. */
  key: string;
  caps: MailCaps | null;
}

/**
 * Which mailbox a row goes out through. Mail to contacts goes from the salesperson's own mailbox,
 * else the workspace's, else the server's, and counts against that mailbox's caps; system mail
 * (the digest, test mail) uses the workspace's or the server's and is not capped.
 */
export async function routeOf(db: Db, message: OutboxMessage, serverMailbox: boolean, serverCaps: MailCaps = DEFAULT_MAIL_CAPS): Promise<MailRoute | null> {
  const system = isSystemMail(message.kind);
  const settings = system ? await findMailSettings(db, message.workspaceId, WORKSPACE_SCOPE) : await mailboxFor(db, message.workspaceId, message.userId);
  if (settings) return { key: `settings:${settings.id}`, caps: system ? null : { hourlyCap: settings.hourlyCap, dailyCap: settings.dailyCap } };
  if (!serverMailbox) return null;
  return system ? { key: 'server', caps: null } : { key: `server:${message.userId ?? message.workspaceId}`, caps: serverCaps };
}

/** When a capped mailbox is full, how long the row waits (core/outboxRules); the shorter window is read first. Test mail asks it too. */
export async function capacityWait(db: Db, route: MailRoute, now: number): Promise<Wait | null> {
  if (!route.caps) return null;
  for (const window of capWindows(route.caps)) {
    const used = await outbox.mailboxSendsSince(db, route.key, formatInstant(now - window.windowMs));
    const wait = capWait(window, { count: used.count, earliestMs: used.earliest ? Date.parse(used.earliest) : null }, now);
    if (wait) return wait;
  }
  return null;
}

/**
 * The SMTP server said 250: the row becomes `sent` and, in the same transaction, the step is
 * logged as an outbound email so the series moves on. A stale attempt changes nothing at all.
 */
export async function recordSent(deps: ServiceDeps, message: OutboxMessage): Promise<Recorded> {
  const sentAt = formatInstant(deps.clock());
  try {
    return await deps.store.db.transaction().execute(async (trx) => {
      if ((await outbox.recordOutcome(trx, message.id, message.attempt, { status: 'sent', sentAt })) !== 1) return 'stale';
      await logSentTouch(trx, deps, message, sentAt);
      return 'recorded';
    });
  } catch (error) {
    // The mail is out: recording that must not depend on the touch being loggable.
    const note = `sent; logging the touch failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, { status: 'sent', sentAt, lastError: note });
    return changed === 1 ? 'recorded' : 'stale';
  }
}

/** A playbook step, or an email written on the contact's page, is an outbound email touch once it is out. */
async function logSentTouch(trx: Db, deps: ServiceDeps, message: OutboxMessage, sentAt: string): Promise<void> {
  if (!message.contactId || (message.kind !== 'step' && message.kind !== 'direct')) return;
  const followUp = message.followUpId ? await followUps.findFollowUp(trx, message.workspaceId, message.followUpId) : null;
  const actor = await actorForMessage(trx, message);
  if (!actor) return;
  await logInteractionWithin(trx, deps, actor, {
    contactId: message.contactId, channel: 'email', direction: 'out', occurredAt: sentAt,
    notes: message.kind === 'direct' ? `Sent "${message.subject}":\n\n${message.text}`.slice(0, 20_000) : `Sent "${message.subject}" (${message.messageId})`,
    ...(followUp?.status === 'open' ? { followUpId: followUp.id } : {}),
  });
}

/** 4xx or no connection: try again later, each wait twice the last (1 min … 1 h); give up after `maxAttempts`. */
export async function recordRetry(deps: ServiceDeps, message: OutboxMessage, error: string, maxAttempts?: number): Promise<Recorded> {
  const next = afterTemporaryFailure(message.attempt, error, deps.clock(), maxAttempts);
  const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, next.status === 'failed'
    ? next
    : { status: 'queued', lastError: next.lastError, availableAt: formatInstant(next.availableAtMs) });
  return changed === 1 ? 'recorded' : 'stale';
}

/** Claimed but never handed to SMTP: back to the queue, for this or another worker (fenced like the rest). */
export async function releaseUnsent(deps: ServiceDeps, message: OutboxMessage): Promise<Recorded> {
  const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, { status: 'queued', lastError: 'lease ran short before sending; released unsent' });
  return changed === 1 ? 'recorded' : 'stale';
}

/** The server may have taken it: shown to the user, never sent again automatically. */
export async function recordUnknown(deps: ServiceDeps, message: OutboxMessage, error: string): Promise<Recorded> {
  const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, { status: 'unknown', lastError: error });
  return changed === 1 ? 'recorded' : 'stale';
}

/** 5xx: the address does not take mail. The contact becomes do-not-contact (bounced) and their series stop. */
export async function recordBounce(deps: ServiceDeps, message: OutboxMessage, error: string): Promise<Recorded> {
  const now = deps.clock();
  return deps.store.db.transaction().execute(async (trx) => {
    if ((await outbox.recordOutcome(trx, message.id, message.attempt, { status: 'bounced', lastError: error })) !== 1) return 'stale';
    await bounceContactWithin(trx, message, error, now);
    return 'recorded';
  });
}

/**
 * The address does not take mail: the contact is stopped (services/stopContacting) as bounced,
 * whether the 5xx came during sending or as a delivery report later. Once is enough.
 */
export async function bounceContactWithin(trx: Db, message: Pick<OutboxMessage, 'workspaceId' | 'userId' | 'contactId' | 'to'>, error: string, now: number): Promise<void> {
  const contact = message.contactId ? await contacts.findContact(trx, message.workspaceId, message.contactId) : null;
  if (!contact || contact.doNotContact) return;
  await stopContacting(trx, await actorForMessage(trx, message), contact, {
    reason: 'bounced', followUpReason: 'email bounced',
    record: { kind: 'opt-out', detail: `bounced: ${message.to}: ${error}`.slice(0, 1000), userId: null },
    exitAs: 'opted-out', atMs: now, nowIso: formatInstant(now),
  });
}
