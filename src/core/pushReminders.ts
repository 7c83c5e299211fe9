/**
 * The rules of a push reminder, pure: when it is due, what it says, how long a push service may keep
 * it, and what the push service's answer means. The claiming and sending live in
 * services/pushDelivery.ts and jobs/pushWorker.ts.
 */
import type { PushReminderPayload } from '../shared/push.js';
import { channelWords, type Channel } from '../shared/vocabulary.js';
import { formatInstant, localDateTimeOf, localTimeOf } from './time.js';

const MINUTE_MS = 60_000;

/** When a reminder for a follow-up due at `dueAtMs` goes out, for a user who wants it `leadMinutes` before; null for none (0). */
export function reminderAtMs(dueAtMs: number, leadMinutes: number): number | null {
  return leadMinutes > 0 ? dueAtMs - leadMinutes * MINUTE_MS : null;
}

/**
 * A reminder is sent from its time until the follow-up's due time, never after: a subscription made
 * at 9:55 still hears of the 10:00 call, and a server down through 10:00 does not remind of it late.
 */
export function reminderIsDue(dueAtMs: number, leadMinutes: number, nowMs: number): boolean {
  const at = reminderAtMs(dueAtMs, leadMinutes);
  return at !== null && at <= nowMs && nowMs < dueAtMs;
}

/** TTL (RFC 8030 §5.2): the push service may hold the message until the follow-up is due, and no longer. */
export function ttlSeconds(dueAtMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((dueAtMs - nowMs) / 1000));
}

/**
 * Topic (RFC 8030 §5.4): one per follow-up, so a reminder still waiting in the push service for an
 * offline device is replaced by a newer one for the same follow-up. At most 32 base64url characters:
 * a UUID without its dashes is exactly that.
 */
export function topicOf(followUpId: string): string {
  return followUpId.replace(/[^A-Za-z0-9_]/g, '').slice(0, 32);
}

export interface ReminderFacts {
  followUpId: string;
  dueAtMs: number;
  channel: Channel;
  agenda: string | null;
  contact: { id: string; name: string; timeZone: string };
  userTimeZone: string;
}

/** Where the app opens the follow-up: the contact's page, with the promise marked. */
export function followUpAppUrl(baseUrl: string, contactId: string, followUpId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/contacts/${encodeURIComponent(contactId)}?followUp=${encodeURIComponent(followUpId)}`;
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The zone's city, as people say it: "America/New_York" → "New York". */
const placeOf = (zone: string): string => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');

/**
 * "A call with Ana Souza at 10:00" / "10:00 your time, 15:00 for them (Lisbon). Agenda: pricing".
 * The day is left out: a reminder comes at most a day ahead, and the notification shows when it came.
 */
export function reminderPayload(facts: ReminderFacts, baseUrl: string): PushReminderPayload {
  const yours = localTimeOf(facts.dueAtMs, facts.userTimeZone);
  const theirs = localTimeOf(facts.dueAtMs, facts.contact.timeZone);
  const when = yours === theirs && facts.userTimeZone === facts.contact.timeZone
    ? `${yours}, your time and theirs`
    : `${yours} your time, ${theirs} for them (${placeOf(facts.contact.timeZone)})`;
  return {
    type: 'follow-up-reminder',
    title: `${capitalised(channelWords(facts.channel))} with ${facts.contact.name} at ${yours}`,
    body: facts.agenda ? `${when}. Agenda: ${facts.agenda}` : `${when}.`,
    url: followUpAppUrl(baseUrl, facts.contact.id, facts.followUpId),
    tag: `follow-up-${facts.followUpId}`,
    followUpId: facts.followUpId,
    contact: facts.contact,
    channel: facts.channel,
    agenda: facts.agenda,
    dueAt: formatInstant(facts.dueAtMs),
    yourTime: { local: localDateTimeOf(facts.dueAtMs, facts.userTimeZone), timeZone: facts.userTimeZone },
    theirTime: { local: localDateTimeOf(facts.dueAtMs, facts.contact.timeZone), timeZone: facts.contact.timeZone },
  };
}

/** What a push service's answer means for the delivery (RFC 8030 §5, RFC 8292 §4). */
export type PushVerdict = 'sent' | 'gone' | 'retry' | 'failed';

export function verdictOf(status: number): PushVerdict {
  if (status >= 200 && status < 300) return 'sent';
  // The subscription expired or was withdrawn: it will never take a message again.
  if (status === 404 || status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  // 400 (malformed), 401/403 (VAPID refused), 413 (too large): trying again would be answered the same.
  return 'failed';
}

export const PUSH_MAX_ATTEMPTS = 5;

/**
 * After a refusal worth retrying: the next try, a minute after the first failure and twice as long
 * each time (at most ten minutes), or null when it would come at or after the due time (the
 * reminder would be pointless) or the attempts are spent.
 */
export function nextPushTryMs(attempt: number, nowMs: number, dueAtMs: number, maxAttempts = PUSH_MAX_ATTEMPTS): number | null {
  if (attempt >= maxAttempts) return null;
  const at = nowMs + Math.min(10 * MINUTE_MS, MINUTE_MS * 2 ** Math.max(0, attempt - 1));
  return at < dueAtMs ? at : null;
}

/**
 * The VAPID `sub` claim (RFC 8292 §2.1): how a push service's operator reaches whoever runs this
 * server. PUSH_SUBJECT when set; else the public base URL when it is https (push services refuse
 * http and localhost); else a mailto of SMTP_FROM's address; else a mailto at the server's host.
 */
export function vapidSubject(options: { configured?: string | undefined; baseUrl: string; smtpFrom?: string | undefined }): string {
  if (options.configured) return options.configured;
  const base = new URL(options.baseUrl);
  if (base.protocol === 'https:' && base.hostname !== 'localhost') return base.origin;
  const address = /<([^<>@\s]+@[^<>\s]+)>/.exec(options.smtpFrom ?? '')?.[1] ?? /^\s*([^<>@\s]+@[^<>\s]+)\s*$/.exec(options.smtpFrom ?? '')?.[1];
  return `mailto:${address ?? `followthrough@${base.hostname}`}`;
}

/** "Chrome on Android": a name for a subscribed device in the list, from its User-Agent. */
export function deviceLabel(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /OPR\//.test(userAgent) ? 'Opera' : /Firefox\//.test(userAgent) ? 'Firefox'
    : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Android/.test(userAgent) ? 'Android' : /iPhone|iPad|iPod/.test(userAgent) ? 'iOS' : /Mac OS X/.test(userAgent) ? 'macOS'
    : /Windows/.test(userAgent) ? 'Windows' : /CrOS/.test(userAgent) ? 'ChromeOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  if (!browser && !system) return null;
  return browser && system ? `${browser} on ${system}` : browser ?? system;
}
