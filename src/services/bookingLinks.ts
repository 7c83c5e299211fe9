import { linkOpens, offeredChannels } from '../core/booking/links.js';
import { assertContactable } from '../core/doNotContact.js';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import type { BookingLinkRequest, BookingLinkView } from '../shared/booking.js';
import { findUserById } from '../store/accounts.js';
import * as links from '../store/bookingLinks.js';
import type { BookingLink } from '../store/bookingLinks.js';
import { audit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { findFollowUp } from '../store/followUps.js';
import { bookingUrl, issueBookingLink } from './bookingLinkIssue.js';
import { slotsOfLink } from './bookingSlots.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireEnrollment, requireFollowUp } from './guards.js';

/** Where a link stands, in the one word the API and the contact page use. */
async function stateOf(db: Db, link: BookingLink, nowMs: number): Promise<BookingLinkView['state']> {
  if (link.withdrawnAt) return 'withdrawn';
  const booked = link.bookedFollowUpId ? await findFollowUp(db, link.workspaceId, link.bookedFollowUpId) : null;
  if (!linkOpens(link, booked?.status === 'open' ? booked : null, nowMs)) return 'expired';
  if (booked?.status === 'open') return 'booked';
  return link.cancelledAt ? 'cancelled' : 'open';
}

async function viewOf(db: Db, link: BookingLink, url: string | null, slots: { startMs: number; local: string }[], nowMs: number): Promise<BookingLinkView> {
  return {
    id: link.id, url, expiresAt: link.expiresAt, slots: slots.map((s) => ({ start: formatInstant(s.startMs), local: s.local })),
    contactId: link.contactId, agenda: link.agenda, channels: link.channels, durationMinutes: link.durationMinutes, days: link.days,
    createdAt: link.createdAt, state: await stateOf(db, link, nowMs), bookedFollowUpId: link.bookedFollowUpId,
  };
}

/**
 * A link the client opens to choose the day, the time and the channel themselves. Refused for a
 * do-not-contact contact; the agenda is the follow-up's unless given.
 */
export async function createBookingLink(deps: ServiceDeps, actor: Actor, input: BookingLinkRequest): Promise<BookingLinkView> {
  const now = deps.clock();
  return deps.store.db.transaction().execute(async (trx) => {
    const contact = await requireContact(trx, actor, input.contactId);
    assertContactable(contact);
    const followUp = input.followUpId ? await requireFollowUp(trx, actor, input.followUpId) : null;
    if (followUp && followUp.contactId !== contact.id) throw AppError.invalid('followUpId', 'is a follow-up of another contact');
    const enrollment = input.enrollmentId ? await requireEnrollment(trx, actor, input.enrollmentId) : null;
    if (enrollment && enrollment.contactId !== contact.id) throw AppError.invalid('enrollmentId', 'is a series of another contact');
    const userId = followUp?.userId ?? contact.ownerId ?? actor.user.id;
    const user = (await findUserById(trx, userId)) ?? actor.user;
    const { link, token } = await issueBookingLink(trx, now, {
      workspaceId: actor.workspace.id, contactId: contact.id, userId: user.id, createdBy: actor.user.id,
      followUpId: followUp?.id ?? null, enrollmentId: enrollment?.id ?? followUp?.enrollmentId ?? null,
      agenda: input.agenda ?? followUp?.agenda ?? null, channels: offeredChannels(input.channels, contact.preferredChannel),
      durationMinutes: input.durationMinutes, days: input.days, lifetimeDays: input.expiresInDays,
    });
    await audit(trx, {
      workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'booking-link', entityId: link.id, action: 'create',
      detail: { contactId: contact.id, followUpId: link.followUpId, expiresAt: link.expiresAt }, at: link.createdAt,
    });
    return viewOf(trx, link, bookingUrl(deps.baseUrl, token), await slotsOfLink(trx, link, contact, user, now), now);
  });
}

/** A contact's links, newest first; the URL is not shown again (only its hash is kept). */
export async function listBookingLinks(deps: ServiceDeps, actor: Actor, contactId: string): Promise<BookingLinkView[]> {
  const db = deps.store.db;
  const now = deps.clock();
  await requireContact(db, actor, contactId);
  const list = await links.bookingLinksOfContact(db, actor.workspace.id, contactId);
  return Promise.all(list.map((link) => viewOf(db, link, null, [], now)));
}

/** The salesperson takes a link back: it opens nothing from now on; a time already booked stays. */
export async function withdrawBookingLink(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  const nowIso = formatInstant(deps.clock());
  await deps.store.db.transaction().execute(async (trx) => {
    const link = await links.findBookingLink(trx, actor.workspace.id, id);
    if (!link) throw AppError.notFound('booking link');
    if (link.withdrawnAt) return;
    await links.updateBookingLink(trx, { ...link, withdrawnAt: nowIso, withdrawnReason: `withdrawn by ${actor.user.name}` });
    await audit(trx, { workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'booking-link', entityId: id, action: 'withdraw', detail: {}, at: nowIso });
  });
}
