import { formatInstant } from '../core/time.js';
import type { Channel } from '../core/types.js';
import { cancelledBookingsSince } from '../store/bookingLinks.js';
import { findContactsByIds } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { findFollowUp } from '../store/followUps.js';

/** How long Today keeps saying that a client cancelled the time they had booked. */
const NOTICE_DAYS = 7;

export interface ClientCancellation {
  contactId: string;
  contactName: string;
  cancelledAt: string;
  reason: string | null;
  /** The time that was booked, in the contact's zone. */
  was: { dueAt: string; dueLocal: string; timeZone: string; channel: Channel } | null;
}

/** Times the user's clients booked and then cancelled themselves, this past week: each needs a new agreement. */
export async function clientCancellations(db: Db, workspaceId: string, userId: string, nowMs: number): Promise<ClientCancellation[]> {
  const links = await cancelledBookingsSince(db, workspaceId, userId, formatInstant(nowMs - NOTICE_DAYS * 86_400_000));
  if (links.length === 0) return [];
  const contacts = await findContactsByIds(db, workspaceId, [...new Set(links.map((l) => l.contactId))]);
  const out: ClientCancellation[] = [];
  for (const link of links) {
    const contact = contacts.get(link.contactId);
    if (!contact || contact.doNotContact || !link.cancelledAt) continue;
    const booked = link.bookedFollowUpId ? await findFollowUp(db, workspaceId, link.bookedFollowUpId) : null;
    out.push({
      contactId: contact.id, contactName: contact.name, cancelledAt: link.cancelledAt, reason: link.cancelReason,
      was: booked ? { dueAt: booked.dueAt, dueLocal: booked.dueLocal, timeZone: booked.timeZone, channel: booked.channel } : null,
    });
  }
  return out;
}
