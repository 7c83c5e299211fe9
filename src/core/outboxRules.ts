/**
 * The outbox's decisions, apart from the reads and writes that carry them out (services/outbox.ts):
 * why a queued email must not go out any more, when it is too late, how long a full mailbox makes it
 * wait, and how a temporary failure is retried. Pure: `nowMs` is a parameter.
 */
import { formatInstant } from './time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** What a stop decision reads about a queued row, read again under the claim's lock. */
export interface StopFacts {
  kind: string;
  /** Absent: the row is about no contact. Null: it was, and the contact is gone. */
  contact?: { doNotContact: boolean; doNotContactReason: string | null } | null | undefined;
  /** Absent: not a series' mail. Null: the enrollment is gone. */
  enrollment?: { status: string; exitReason?: string | null | undefined } | null | undefined;
  /** Absent: no follow-up. Null: the follow-up is gone. Only a step stops with its follow-up (an invitation's CANCEL is for a cancelled one). */
  followUp?: { status: string } | null | undefined;
  /** For a digest: whether its user still wants one (false also when the user is gone). */
  digestWanted?: boolean | undefined;
  /** For a weekly team summary: whether its manager still wants one (false also when they are gone). */
  summaryWanted?: boolean | undefined;
}

/** Why a queued row must not go out any more, in words shown on the Outbox page; null when it may. */
export function stopReason(facts: StopFacts): string | null {
  const { contact, enrollment, followUp } = facts;
  if (contact === null) return 'contact deleted';
  if (contact?.doNotContact) return `contact is do-not-contact (${contact.doNotContactReason ?? 'no reason'})`;
  if (enrollment === null) return 'enrollment deleted';
  if (enrollment && enrollment.status !== 'active') return `enrollment ${enrollment.exitReason ?? enrollment.status}`;
  if (facts.kind === 'step' && followUp === null) return 'follow-up deleted';
  if (facts.kind === 'step' && followUp && followUp.status !== 'open') return `follow-up ${followUp.status}`;
  if (facts.kind === 'digest' && facts.digestWanted === false) return 'the user turned the morning digest off (or was deleted)';
  if (facts.kind === 'team-summary' && facts.summaryWanted === false) return 'the manager turned the weekly team summary off (or was deleted)';
  return null;
}

/**
 * Mail more than `maxLatenessMs` past its due time is not sent at all (a "see you tomorrow" read a
 * week later does harm): the reason, or null while it is still on time. A row that was held for a
 * person says so, since the wait was theirs to end.
 */
export function lateReason(dueAtMs: number, nowMs: number, maxLatenessMs: number, heldReason?: string | null): string | null {
  if (nowMs - dueAtMs <= maxLatenessMs) return null;
  const late = `more than ${Math.round(maxLatenessMs / HOUR_MS)} h after it was due`;
  return heldReason ? `${late}; it was waiting for you (${heldReason})` : late;
}

/** A held email (a placeholder still empty) is looked at again this often; filling the field wakes it at once. */
export const HELD_RETRY_MS = 15 * MINUTE_MS;

/** Mail with no mailbox to go through waits this long before it is looked at again. */
export const NO_MAILBOX_RETRY_MS = 15 * MINUTE_MS;

export interface Wait {
  untilMs: number;
  reason: string;
}

/** No mailbox can carry the row (none stored, no SMTP_URL): it waits, saying how to fix it. */
export function noMailboxWait(nowMs: number): Wait {
  return { untilMs: nowMs + NO_MAILBOX_RETRY_MS, reason: 'no mailbox to send from: add one under Settings → Mail (or set SMTP_URL)' };
}

/** Why a morning digest was not sent, and how to get the next one: shown as is on the Outbox page. */
export const DIGEST_WITHOUT_MAILBOX = 'There is no mailbox to send your digest from: add yours under Settings → Mail '
  + '(or ask whoever runs the server to set SMTP_URL). The next morning\'s digest goes out once a mailbox is set up.';

export interface MailCaps {
  hourlyCap: number;
  dailyCap: number;
}

export interface CapWindow {
  windowMs: number;
  cap: number;
  label: 'hourly' | 'daily';
}

/** The windows a capped mailbox is counted over, the shorter first. */
export function capWindows(caps: MailCaps): CapWindow[] {
  return [
    { windowMs: HOUR_MS, cap: caps.hourlyCap, label: 'hourly' },
    { windowMs: 24 * HOUR_MS, cap: caps.dailyCap, label: 'daily' },
  ];
}

/**
 * When a capped mailbox is full in one window: the moment its oldest send in the window leaves it
 * (and at least a second from now); null while there is room. `used` counts the sends in the window.
 */
export function capWait(window: CapWindow, used: { count: number; earliestMs: number | null }, nowMs: number): Wait | null {
  if (used.count < window.cap || used.earliestMs === null) return null;
  const untilMs = Math.max(nowMs + 1000, used.earliestMs + window.windowMs + 1000);
  return { untilMs, reason: `this mailbox's ${window.label} cap of ${window.cap} was reached; moved to ${formatInstant(untilMs)}` };
}

/** Attempts after which a temporary failure becomes final. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** The wait before attempt `attempt + 1` after a temporary failure: 1 minute, doubling each time, at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(HOUR_MS, MINUTE_MS * 2 ** (attempt - 1));
}

export type AfterTemporaryFailure =
  | { status: 'failed'; lastError: string }
  | { status: 'queued'; lastError: string; availableAtMs: number };

/** A 4xx or no connection on attempt `attempt`: queued again after the backoff, or failed for good after `maxAttempts`. */
export function afterTemporaryFailure(attempt: number, error: string, nowMs: number, maxAttempts = DEFAULT_MAX_ATTEMPTS): AfterTemporaryFailure {
  if (attempt >= maxAttempts) return { status: 'failed', lastError: `gave up after ${attempt} attempts: ${error}` };
  return { status: 'queued', lastError: error, availableAtMs: nowMs + retryDelayMs(attempt) };
}
