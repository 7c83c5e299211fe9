/**
 * Making a booking link, apart from the use cases that offer one (the API, a playbook email's
 * {{bookingUrl}}): it reads and writes the store only, so any service can issue a link without an
 * import cycle.
 */
import { DEFAULT_LINK_LIFETIME_DAYS } from '../core/booking/links.js';
import { formatInstant } from '../core/time.js';
import { insertBookingLink, type BookingLink } from '../store/bookingLinks.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import { newSecret, sha256 } from './secrets.js';

const DAY_MS = 86_400_000;

/** What a new link is for: the link's own fields that its maker chooses (userId: whose calendar the client books into). */
export type LinkRequest = Pick<BookingLink,
  'workspaceId' | 'contactId' | 'userId' | 'createdBy' | 'followUpId' | 'enrollmentId' | 'agenda' | 'channels' | 'durationMinutes' | 'days'>
  & { lifetimeDays?: number | undefined };

/** The page a token opens; the token itself is never stored, only its hash. */
export function bookingUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/book/${token}`;
}

/** 256 random bits, base64url: the only credential of the page, kept as its SHA-256. */
export async function issueBookingLink(db: Db, nowMs: number, request: LinkRequest): Promise<{ link: BookingLink; token: string }> {
  const token = newSecret('', 32);
  const link: BookingLink = {
    id: newId(nowMs), workspaceId: request.workspaceId, contactId: request.contactId, userId: request.userId, tokenHash: sha256(token),
    followUpId: request.followUpId, enrollmentId: request.enrollmentId, agenda: request.agenda, channels: request.channels,
    durationMinutes: request.durationMinutes, days: request.days, createdBy: request.createdBy, createdAt: formatInstant(nowMs),
    expiresAt: formatInstant(nowMs + (request.lifetimeDays ?? DEFAULT_LINK_LIFETIME_DAYS) * DAY_MS),
    withdrawnAt: null, withdrawnReason: null, bookedFollowUpId: null, bookedAt: null, cancelledAt: null, cancelReason: null,
  };
  await insertBookingLink(db, link);
  return { link, token };
}
