import { bookingSlots, DEFAULT_NOTICE_MINUTES, gridFor, type BookingSlot, type BusyInterval } from '../core/booking/slots.js';
import { busyIntervalOf, occupiesTime } from '../core/booking/links.js';
import { formatInstant } from '../core/time.js';
import type { Contact } from '../core/types.js';
import type { User } from '../store/accounts.js';
import type { BookingLink } from '../store/bookingLinks.js';
import type { Db } from '../store/db.js';
import { openFollowUpsDueBefore } from '../store/followUps.js';

const DAY_MS = 86_400_000;

/**
 * The times a link offers now: the user's working hours and the contact's reachable hours, clear
 * of the user's other calls and meetings. `moving` is the client's own booked follow-up, which does
 * not stand in its own way when they choose another time.
 */
export async function slotsOfLink(db: Db, link: Pick<BookingLink, 'workspaceId' | 'days' | 'durationMinutes'>, contact: Contact, user: User, nowMs: number, moving: string | null = null): Promise<BookingSlot[]> {
  const horizonMs = nowMs + link.days * DAY_MS;
  const open = await openFollowUpsDueBefore(db, link.workspaceId, user.id, formatInstant(horizonMs), 5000);
  return slotsAround(link, contact, user, nowMs, open.filter((f) => f.id !== moving && occupiesTime(f)).map(busyIntervalOf));
}

/** The times the link offers around these busy intervals (none: what it would offer on an empty calendar). */
export function slotsAround(link: Pick<BookingLink, 'days' | 'durationMinutes'>, contact: Contact, user: User, nowMs: number, busy: BusyInterval[]): BookingSlot[] {
  return bookingSlots({
    nowMs, noticeMinutes: DEFAULT_NOTICE_MINUTES, days: link.days, durationMinutes: link.durationMinutes, gridMinutes: gridFor(link.durationMinutes),
    user: { timeZone: user.timeZone, workingHours: [{ days: user.workDays, from: user.workFrom, to: user.workTo }] },
    contact: { timeZone: contact.timeZone, reachable: contact.reachable },
    busy,
  });
}
