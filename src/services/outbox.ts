import { markDoNotContact } from '../core/contacts.js';
import { fillPlaceholders, notSentReason, placeholdersIn } from '../core/playbooks/template.js';
import { formatInstant } from '../core/time.js';
import type { Contact, FollowUp, Role } from '../core/types.js';
import { newMessageId } from '../mail/messageId.js';
import { newUnsubscribeToken } from '../mail/unsubscribe.js';
import * as accounts from '../store/accounts.js';
import type { DialectName } from '../store/connect.js';
import * as consent from '../store/consent.js';
import * as contacts from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { wantsDigest } from '../store/digests.js';
import * as followUps from '../store/followUps.js';
import { findEnrollment } from '../store/enrollments.js';
import { newId } from '../store/ids.js';
import { findMailSettings, WORKSPACE_SCOPE } from '../store/mailSettings.js';
import * as outbox from '../store/outbox.js';
import { isSystemMail } from '../store/outbox.js';
import type { OutboxMessage } from '../store/outbox.js';
import type { Actor, ServiceDeps } from './deps.js';
import { onOptOut } from './enrollments.js';
import { logInteractionWithin } from './logInteraction.js';
import { mailboxFor } from './mailSettings.js';
import { standingValuesFor } from './mergeValues.js';

/**
 * A playbook's email step becomes an outbox row in the transaction that planned it, so the plan
 * and the send can never be separated by a crash. Mail in one series threads on its first message.
 */
export async function enqueueStepEmail(db: Db, contact: Contact, followUp: FollowUp): Promise<OutboxMessage | null> {
  if (followUp.channel !== 'email' || followUp.source !== 'playbook' || !contact.email || contact.doNotContact) return null;
  const headers: Record<string, string> = {};
  if (followUp.enrollmentId) {
    const earlier = await db.selectFrom('outbox').select('message_id').where('workspace_id', '=', followUp.workspaceId)
      .where('enrollment_id', '=', followUp.enrollmentId).orderBy('created_at').orderBy('id').execute();
    const ids = earlier.map((r) => r.message_id);
    if (ids.length > 0) {
      headers['In-Reply-To'] = ids[ids.length - 1] ?? '';
      headers.References = ids.slice(-10).join(' ');
    }
  }
  const message: OutboxMessage = {
    id: newId(), workspaceId: followUp.workspaceId, contactId: contact.id, userId: followUp.userId, followUpId: followUp.id,
    enrollmentId: followUp.enrollmentId, kind: 'step', to: contact.email,
    subject: followUp.subject?.trim() || (followUp.agenda ?? 'Following up'),
    text: followUp.script ?? '', headers, calendar: null, messageId: newMessageId(), unsubscribeToken: newUnsubscribeToken(),
    status: 'queued', attempt: 0, leaseUntil: null, dueAt: followUp.dueAt, availableAt: followUp.dueAt, lastError: null,
    createdAt: followUp.createdAt, sentAt: null,
  };
  await outbox.insertOutboxMessage(db, message);
  return message;
}

/** The worker acts for the row's salesperson, or the workspace's first owner if they are gone. */
export async function actorForMessage(db: Db, message: Pick<OutboxMessage, 'workspaceId' | 'userId'>): Promise<Actor | null> {
  const workspace = await accounts.findWorkspace(db, message.workspaceId);
  if (!workspace) return null;
  let userId = message.userId;
  let role = userId ? await accounts.findMembership(db, workspace.id, userId) : null;
  if (!role) {
    const owner = await db.selectFrom('memberships').select(['user_id', 'role']).where('workspace_id', '=', workspace.id)
      .orderBy('created_at').limit(1).executeTakeFirst();
    userId = owner?.user_id ?? null;
    role = (owner?.role as Role | undefined) ?? null;
  }
  const user = userId ? await accounts.findUserById(db, userId) : null;
  return user && role ? { user, workspace, role } : null;
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  maxLatenessMs: number;
  /** Whether the server's own SMTP (SMTP_URL) may carry mail that has no mailbox of its own. */
  serverMailbox?: boolean;
  /** Caps per sender through the server's SMTP (default 20 an hour, 200 a day). */
  serverCaps?: { hourlyCap: number; dailyCap: number };
}

/** Why a queued row must not go out any more; null when it may. Read inside the claiming transaction. */
async function stopReason(db: Db, message: OutboxMessage): Promise<string | null> {
  if (message.contactId) {
    const contact = await contacts.findContact(db, message.workspaceId, message.contactId);
    if (!contact) return 'contact deleted';
    if (contact.doNotContact) return `contact is do-not-contact (${contact.doNotContactReason ?? 'no reason'})`;
  }
  if (message.enrollmentId) {
    const enrollment = await findEnrollment(db, message.workspaceId, message.enrollmentId);
    if (!enrollment) return 'enrollment deleted';
    if (enrollment.state.status !== 'active') return `enrollment ${enrollment.state.exitReason ?? enrollment.state.status}`;
  }
  if (message.followUpId && message.kind === 'step') {
    const followUp = await followUps.findFollowUp(db, message.workspaceId, message.followUpId);
    if (!followUp) return 'follow-up deleted';
    if (followUp.status !== 'open') return `follow-up ${followUp.status}`;
  }
  if (message.kind === 'digest' && !(await wantsDigest(db, message.userId))) return 'the user turned the morning digest off (or was deleted)';
  return null;
}

async function settleQueued(db: Db, id: string, status: outbox.OutboxStatus, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ status, last_error: reason, text: outbox.bodyOnceFinal }).where('id', '=', id).where('status', '=', 'queued').execute();
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
        const reason = await stopReason(trx, queued);
        if (reason) {
          await settleQueued(trx, queued.id, 'skipped', reason);
        } else if (now - Date.parse(queued.dueAt) > options.maxLatenessMs) {
          const late = `more than ${Math.round(options.maxLatenessMs / 3_600_000)} h after it was due`;
          await settleQueued(trx, queued.id, 'skipped-late', queued.heldReason ? `${late}; it was waiting for you (${queued.heldReason})` : late);
        } else {
          const message = await filledOrHeld(trx, queued, now);
          if (!message) continue;
          const route = await routeFor(message);
          if (!route && message.kind === 'digest') {
            // A digest waits for no one: without a mailbox today's is simply not sent (and not flagged).
            await settleQueued(trx, message.id, 'skipped', DIGEST_WITHOUT_MAILBOX);
            continue;
          }
          const wait = route ? await capacityWait(trx, route, now) : { until: now + NO_MAILBOX_RETRY_MS, reason: 'no mailbox to send from: add one under Settings → Mail (or set SMTP_URL)' };
          if (wait) {
            await outbox.postpone(trx, message.id, formatInstant(wait.until), wait.reason);
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

/** A held email is looked at again this often; filling the field in the profile wakes it at once. */
const HELD_RETRY_MS = 15 * 60_000;

const NO_MAILBOX_RETRY_MS = 15 * 60_000;
/** Why a morning digest was not sent, and how to get the next one: shown as is on the Outbox page. */
export const DIGEST_WITHOUT_MAILBOX = 'There is no mailbox to send your digest from: add yours under Settings → Mail '
  + '(or ask whoever runs the server to set SMTP_URL). The next morning\'s digest goes out once a mailbox is set up.';
const HOUR_MS = 3_600_000;
/** Server mail (SMTP_URL) still honours the default caps per sender. */
const DEFAULT_CAPS = { hourlyCap: 20, dailyCap: 200 };

export interface MailRoute {
  /** `settings:<id>` for a stored mailbox, `server:<sender>` for SMTP_URL. */
  key: string;
  caps: { hourlyCap: number; dailyCap: number } | null;
}

/**
 * Which mailbox a row goes out through. Mail to contacts goes from the salesperson's own mailbox,
 * else the workspace's, else the server's, and counts against that mailbox's caps; system mail
 * (the digest, test mail) uses the workspace's or the server's and is not capped.
 */
export async function routeOf(db: Db, message: OutboxMessage, serverMailbox: boolean, serverCaps = DEFAULT_CAPS): Promise<MailRoute | null> {
  const system = isSystemMail(message.kind);
  const settings = system ? await findMailSettings(db, message.workspaceId, WORKSPACE_SCOPE) : await mailboxFor(db, message.workspaceId, message.userId);
  if (settings) return { key: `settings:${settings.id}`, caps: system ? null : { hourlyCap: settings.hourlyCap, dailyCap: settings.dailyCap } };
  if (!serverMailbox) return null;
  return system ? { key: 'server', caps: null } : { key: `server:${message.userId ?? message.workspaceId}`, caps: serverCaps };
}

/** When a capped mailbox is full: the moment its oldest send in the window leaves it. */
async function capacityWait(db: Db, route: MailRoute, now: number): Promise<{ until: number; reason: string } | null> {
  if (!route.caps) return null;
  for (const [windowMs, cap, label] of [[HOUR_MS, route.caps.hourlyCap, 'hourly'], [24 * HOUR_MS, route.caps.dailyCap, 'daily']] as const) {
    const used = await outbox.mailboxSendsSince(db, route.key, formatInstant(now - windowMs));
    if (used.count >= cap && used.earliest) {
      const until = Math.max(now + 1000, Date.parse(used.earliest) + windowMs + 1000);
      return { until, reason: `this mailbox's ${label} cap of ${cap} was reached; moved to ${formatInstant(until)}` };
    }
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
export async function recordRetry(deps: ServiceDeps, message: OutboxMessage, error: string, maxAttempts = 8): Promise<Recorded> {
  const now = deps.clock();
  if (message.attempt >= maxAttempts) {
    const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, { status: 'failed', lastError: `gave up after ${message.attempt} attempts: ${error}` });
    return changed === 1 ? 'recorded' : 'stale';
  }
  const waitMs = Math.min(3_600_000, 60_000 * 2 ** (message.attempt - 1));
  const changed = await outbox.recordOutcome(deps.store.db, message.id, message.attempt, {
    status: 'queued', lastError: error, availableAt: formatInstant(now + waitMs),
  });
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
 * The address does not take mail: the contact becomes do-not-contact (bounced), their series stop,
 * their open follow-ups are cancelled and the reason is kept as a consent record. Whether the 5xx
 * came during sending or as a delivery report later.
 */
export async function bounceContactWithin(trx: Db, message: Pick<OutboxMessage, 'workspaceId' | 'userId' | 'contactId' | 'to'>, error: string, now: number): Promise<void> {
  const nowIso = formatInstant(now);
  const contact = message.contactId ? await contacts.findContact(trx, message.workspaceId, message.contactId) : null;
  const actor = await actorForMessage(trx, message);
  if (!contact || !actor || contact.doNotContact) return;
  const marked = markDoNotContact(contact, 'bounced', nowIso);
  await contacts.updateContact(trx, marked);
  await onOptOut(trx, actor, marked, now);
  await followUps.cancelOpenFollowUps(trx, message.workspaceId, contact.id, 'email bounced');
  await consent.insertConsentRecord(trx, {
    id: newId(), workspaceId: message.workspaceId, contactId: contact.id, userId: null, kind: 'opt-out',
    detail: `bounced: ${message.to}: ${error}`.slice(0, 1000), createdAt: nowIso,
  });
}
