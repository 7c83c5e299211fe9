import { AppError } from './errors.js';
import { capRelease } from './playbooks/schedule.js';
import type { FrequencyCap } from './playbooks/types.js';
import type { Channel, Contact, Direction, Warning } from './types.js';
import { qualificationWarnings } from './warnings.js';

/**
 * A voicemail left on the call that went unanswered, and "other" (a note, a task), are not a
 * further touch: the same channels the playbooks' frequency cap leaves out.
 */
export const uncappedChannels: readonly Channel[] = ['other', 'voicemail'];

/** What any path that plans work for a contact (scheduling, moving a due, enrolling) must say first. */
export function planningWarnings(contact: Pick<Contact, 'interest' | 'canBuy'>): Warning[] {
  return qualificationWarnings(contact);
}

/**
 * Stop after no (SPEC practice 10): nothing goes out to a contact who said no or opted out, and
 * nothing is recorded as if it had. What they send us is always logged, and a touch that happened
 * before they said no may still be recorded; the opt-in action lifts the stop.
 */
export function assertOutboundTouchAllowed(
  contact: Pick<Contact, 'name' | 'doNotContact' | 'doNotContactReason' | 'doNotContactAt'>,
  direction: Direction, occurredAtMs: number,
): void {
  if (direction !== 'out' || !contact.doNotContact) return;
  if (contact.doNotContactAt && occurredAtMs < Date.parse(contact.doNotContactAt)) return;
  const why = contact.doNotContactReason ? ` (${contact.doNotContactReason})` : '';
  throw new AppError('do-not-contact',
    `${contact.name} is marked do-not-contact${why}, so a touch from you is not logged. If they got in touch, log it as from them; to contact them again, record their opt-in first.`);
}

/** Whether a logged touch is one the frequency cap counts: ours, on a counted channel, and not a promise kept. */
export function isCappedTouch(direction: Direction, channel: Channel, keptPromise: boolean): boolean {
  return direction === 'out' && !keptPromise && !uncappedChannels.includes(channel);
}

/**
 * Not every day (seed 000): an unagreed touch that goes over the frequency cap the playbooks obey
 * — at most maxTouches in any perDays, in the contact's zone — counting every other capped touch
 * of the contact, whichever path logged it.
 */
export function pesteringWarning(
  atMs: number, otherTouchesMs: readonly number[], cap: FrequencyCap | null, timeZone: string,
): Warning | null {
  if (!cap || capRelease(atMs, otherTouchesMs, cap, timeZone) === atMs) return null;
  const times = cap.maxTouches === 1 ? 'once' : cap.maxTouches === 2 ? 'twice' : `${cap.maxTouches} times`;
  const days = cap.perDays === 1 ? 'a day' : `${cap.perDays} days`;
  return {
    code: 'pestering',
    message: `You have already been in touch ${times} in ${days} without their agreement: this feels like pestering. Agree the next step with them instead.`,
  };
}
