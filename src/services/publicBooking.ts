/**
 * What a client does with their booking link, with no account: see the times, choose one (which
 * becomes the agreement), move it, cancel it, set how and when to reach them, or opt out. The token
 * is the only credential: an unknown, expired or withdrawn one is "not found", whatever the reason.
 */
import { buildBookedEvent } from '../calendar/bookedEvent.js';
import { chosenSlot, linkOpens } from '../core/booking/links.js';
import { occupiedCells } from '../core/booking/slots.js';
import { firstName } from '../core/agenda.js';
import { applyContactFields } from '../core/contacts.js';
import { assertContactable } from '../core/doNotContact.js';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import type { Channel, Contact, FollowUp, ReachableWindow } from '../core/types.js';
import type { PublicBooking } from '../shared/booking.js';
import { DEFAULT_FOLLOW_UP_MINUTES, DEFAULT_REMINDER_MINUTES } from '../shared/defaults.js';
import { findUserById, type User } from '../store/accounts.js';
import { audit } from '../store/audit.js';
import * as links from '../store/bookingLinks.js';
import type { BookingLink } from '../store/bookingLinks.js';
import * as consent from '../store/consent.js';
import * as contacts from '../store/contacts.js';
import type { Db } from '../store/db.js';
import * as followUps from '../store/followUps.js';
import { newId } from '../store/ids.js';
import { countTouches } from '../store/interactions.js';
import { findOpportunity, openOpportunityOf } from '../store/opportunities.js';
import { invitationsOf } from '../store/outbox.js';
import { actorForMessage } from './actors.js';
import { bookingUrl } from './bookingLinkIssue.js';
import { announceBooking } from './webhookPayloads.js';
import { slotsAround, slotsOfLink } from './bookingSlots.js';
import type { Actor, ServiceDeps } from './deps.js';
import { endSeriesAsBooked } from './enrollments.js';
import { inviteToBookedTime } from './invitations.js';
import { mailboxFor } from './mailSettings.js';
import { sha256 } from './secrets.js';
import { stopContacting } from './stopContacting.js';

interface OpenLink {
  link: BookingLink;
  contact: Contact;
  user: User;
  /** The time they booked, while it stands. */
  booked: FollowUp | null;
}

/** The link behind a token, if it still opens; null is a 404 to the client. */
async function openLink(db: Db, token: string, nowMs: number): Promise<OpenLink | null> {
  const link = await links.findBookingLinkByTokenHash(db, sha256(token));
  if (!link) return null;
  const bookedRow = link.bookedFollowUpId ? await followUps.findFollowUp(db, link.workspaceId, link.bookedFollowUpId) : null;
  const booked = bookedRow?.status === 'open' ? bookedRow : null;
  if (!linkOpens(link, booked, nowMs)) return null;
  const contact = await contacts.findContact(db, link.workspaceId, link.contactId);
  const user = await findUserById(db, link.userId);
  if (!contact || !user || contact.doNotContact) return null;
  return { link, contact, user, booked };
}

async function requireOpenLink(db: Db, token: string, nowMs: number): Promise<OpenLink> {
  const open = await openLink(db, token, nowMs);
  if (!open) throw AppError.notFound('booking link');
  return open;
}

async function actorOf(db: Db, link: BookingLink): Promise<Actor> {
  const actor = await actorForMessage(db, { workspaceId: link.workspaceId, userId: link.userId });
  if (!actor) throw AppError.notFound('booking link');
  return actor;
}

const bookedView = (f: FollowUp): PublicBooking['booked'] => ({ start: f.dueAt, local: f.dueLocal, channel: f.channel });

/** What the page shows: the user's name, the agenda, the times in the contact's zone, and nothing else about anyone. */
export async function viewBooking(deps: ServiceDeps, token: string): Promise<PublicBooking | null> {
  const now = deps.clock();
  const open = await openLink(deps.store.db, token, now);
  if (!open) return null;
  const { link, contact, user, booked } = open;
  const slots = await slotsOfLink(deps.store.db, link, contact, user, now, booked?.id ?? null);
  return {
    userName: user.name, contactFirstName: firstName(contact.name), agenda: link.agenda, timeZone: contact.timeZone,
    channels: link.channels, durationMinutes: link.durationMinutes,
    slots: slots.map((s) => ({ start: formatInstant(s.startMs), local: s.local })),
    booked: booked ? bookedView(booked) : null, cancelled: !booked && link.cancelledAt !== null,
  };
}

/** The booked time as a calendar file for the client; null (a 404) when nothing is booked or the link no longer opens. */
export async function bookedCalendar(deps: ServiceDeps, token: string): Promise<string | null> {
  const now = deps.clock();
  const open = await openLink(deps.store.db, token, now);
  if (!open?.booked) return null;
  const { link, user, booked } = open;
  const invitations = await invitationsOf(deps.store.db, link.workspaceId, booked.id);
  return buildBookedEvent({
    followUp: booked, userName: user.name, manageUrl: bookingUrl(deps.baseUrl, token),
    sequence: Math.max(0, invitations.length - 1), baseUrl: deps.baseUrl, nowMs: now,
    reminderMinutes: user.reminderMinutes ?? DEFAULT_REMINDER_MINUTES,
  });
}

export interface BookingChoice {
  startMs: number;
  channel: Channel;
  userAgent: string | null;
  /** A mailbox on the server (SMTP_URL): whether the invitation can go out when the user has none of their own. */
  serverMailbox: boolean;
}

/** The quarter hours the booked time holds; refused when another booking took one a moment earlier. */
async function claimTime(trx: Db, followUp: FollowUp): Promise<void> {
  const cells = occupiedCells(Date.parse(followUp.dueAt), followUp.durationMinutes ?? DEFAULT_FOLLOW_UP_MINUTES).map(formatInstant);
  if (!(await links.claimCells(trx, followUp.userId ?? '', cells, followUp.id))) {
    throw new AppError('slot-taken', 'Someone else has just booked that time. Please choose another.');
  }
}

/**
 * The client's choice becomes the agreement: a promised follow-up at their time, on their channel,
 * with the agenda carried over and the touch count continuing. The follow-up the link was made for
 * is closed, the series it belongs to ends as booked, the invitation goes out, and the consent trail
 * keeps the evidence. A second choice through the same link moves the booked time instead.
 */
export async function book(deps: ServiceDeps, token: string, choice: BookingChoice): Promise<{ booked: NonNullable<PublicBooking['booked']>; moved: boolean }> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    const { link, contact, user, booked } = await requireOpenLink(trx, token, now);
    assertContactable(contact);
    const free = await slotsOfLink(trx, link, contact, user, now, booked?.id ?? null);
    const slot = chosenSlot(free, () => slotsAround(link, contact, user, now, []), link.channels, choice.startMs, choice.channel);
    const actor = await actorOf(trx, link);
    const due = { dueAt: formatInstant(slot.startMs), dueLocal: slot.local, timeZone: contact.timeZone, allDay: false };
    const manageUrl = bookingUrl(deps.baseUrl, token);
    let followUp: FollowUp;
    if (booked) {
      followUp = { ...booked, ...due, channel: choice.channel };
      await links.releaseCells(trx, booked.id);
      await followUps.updateFollowUp(trx, followUp);
    } else {
      const original = link.followUpId ? await followUps.findFollowUp(trx, link.workspaceId, link.followUpId) : null;
      followUp = await agreedFollowUp(trx, link, original, contact, { ...due, channel: choice.channel }, nowIso);
      await followUps.insertFollowUp(trx, followUp);
      await closeWhatTheLinkReplaced(trx, actor, link, original, contact, now, nowIso);
    }
    await claimTime(trx, followUp);
    await links.updateBookingLink(trx, { ...link, bookedFollowUpId: followUp.id, bookedAt: nowIso, cancelledAt: null, cancelReason: null });
    const what = `${choice.channel} on ${slot.local.replace('T', ' ')} (${contact.timeZone})`;
    await consent.insertConsentRecord(trx, {
      id: newId(now), workspaceId: link.workspaceId, contactId: contact.id, userId: null, kind: 'booking',
      detail: `${booked ? 'moved the booked time to' : 'chose'} ${what} through booking link ${link.id} at ${nowIso}; browser: ${choice.userAgent ?? 'unknown'}`.slice(0, 1000),
      createdAt: nowIso,
    });
    await audit(trx, {
      workspaceId: link.workspaceId, userId: null, entity: 'follow-up', entityId: followUp.id, action: booked ? 'rescheduled-by-client' : 'booked-by-client',
      detail: { bookingLinkId: link.id, dueAt: followUp.dueAt, channel: followUp.channel }, at: nowIso,
    });
    if (await mayInvite(trx, contact, choice.serverMailbox, actor)) await inviteToBookedTime(trx, deps, actor, followUp, contact, manageUrl);
    await announceBooking(trx, followUp, contact, link.id, booked !== null, now);
    return { booked: { start: followUp.dueAt, local: followUp.dueLocal, channel: followUp.channel }, moved: booked !== null };
  });
}

/** The agreed follow-up a booking makes; the touch count continues from the opportunity or the contact's history. */
async function agreedFollowUp(trx: Db, link: BookingLink, original: FollowUp | null, contact: Contact, at: Pick<FollowUp, 'dueAt' | 'dueLocal' | 'timeZone' | 'allDay' | 'channel'>, nowIso: string): Promise<FollowUp> {
  const opportunity = original?.opportunityId
    ? await findOpportunity(trx, link.workspaceId, original.opportunityId)
    : await openOpportunityOf(trx, link.workspaceId, contact.id);
  const touches = opportunity ? opportunity.touches : await countTouches(trx, link.workspaceId, contact.id);
  return {
    id: newId(), workspaceId: link.workspaceId, contactId: contact.id, opportunityId: opportunity?.id ?? null, userId: link.userId,
    kind: 'next-step', ...at, agenda: link.agenda ?? original?.agenda ?? null, progress: original?.progress ?? null,
    promised: true, source: 'agreement', status: 'open', statusReason: null, enrollmentId: null, stepId: null,
    touchNumber: touches + 1, createdAt: nowIso, doneAt: null, durationMinutes: link.durationMinutes, bookedByClient: true,
    scheduleNote: `${firstName(contact.name)} chose this time through your booking link.`,
  };
}

/** The follow-up the link was made for is done (its purpose, an agreed time, is met) and its series ends as booked. */
async function closeWhatTheLinkReplaced(trx: Db, actor: Actor, link: BookingLink, original: FollowUp | null, contact: Contact, now: number, nowIso: string): Promise<void> {
  if (original?.status === 'open') {
    await followUps.updateFollowUp(trx, { ...original, status: 'done', statusReason: 'the client booked a time', doneAt: nowIso });
  }
  const enrollmentId = link.enrollmentId ?? original?.enrollmentId ?? null;
  if (enrollmentId) await endSeriesAsBooked(trx, actor, enrollmentId, contact, now, nowIso);
}

/** An invitation needs the contact's address and a mailbox to send it from. */
async function mayInvite(trx: Db, contact: Contact, serverMailbox: boolean, actor: Actor): Promise<boolean> {
  if (!contact.email) return false;
  return serverMailbox || (await mailboxFor(trx, actor.workspace.id, actor.user.id)) !== null;
}

/** The client cancels the time they booked: the follow-up is cancelled, the invitation withdrawn, and Today says so. */
export async function cancelBooking(deps: ServiceDeps, token: string, reason: string | null, serverMailbox: boolean): Promise<void> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  await deps.store.db.transaction().execute(async (trx) => {
    const { link, contact, booked } = await requireOpenLink(trx, token, now);
    if (!booked) throw new AppError('conflict', 'There is no booked time to cancel.');
    const actor = await actorOf(trx, link);
    const cancelled: FollowUp = { ...booked, status: 'cancelled', statusReason: `client cancelled${reason ? `: ${reason}` : ''}`.slice(0, 1000), doneAt: nowIso };
    await followUps.updateFollowUp(trx, cancelled);
    await links.releaseCells(trx, booked.id);
    await links.updateBookingLink(trx, { ...link, cancelledAt: nowIso, cancelReason: reason });
    await audit(trx, { workspaceId: link.workspaceId, userId: null, entity: 'follow-up', entityId: booked.id, action: 'cancelled-by-client', detail: { bookingLinkId: link.id, reason }, at: nowIso });
    if (await mayInvite(trx, contact, serverMailbox, actor)) await inviteToBookedTime(trx, deps, actor, cancelled, contact, bookingUrl(deps.baseUrl, token));
  });
}

export interface ClientPreferences {
  preferredChannel?: Channel | undefined;
  reachable?: ReachableWindow[] | undefined;
  userAgent: string | null;
}

/** The client says how and when to reach them; the consent trail keeps what they said and where. */
export async function setPreferences(deps: ServiceDeps, token: string, prefs: ClientPreferences): Promise<void> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  await deps.store.db.transaction().execute(async (trx) => {
    const { link, contact } = await requireOpenLink(trx, token, now);
    const after = applyContactFields(contact, { preferredChannel: prefs.preferredChannel, reachable: prefs.reachable }, nowIso);
    await contacts.updateContact(trx, after);
    const said = [
      prefs.preferredChannel ? `preferred channel ${prefs.preferredChannel}` : null,
      prefs.reachable ? `reachable ${prefs.reachable.map((w) => `days ${w.days.join(',')} ${w.from}–${w.to}`).join('; ')} (${contact.timeZone})` : null,
    ].filter(Boolean).join('; ');
    await consent.insertConsentRecord(trx, {
      id: newId(now), workspaceId: link.workspaceId, contactId: contact.id, userId: null, kind: 'preferences',
      detail: `set ${said} through booking link ${link.id} at ${nowIso}; browser: ${prefs.userAgent ?? 'unknown'}`.slice(0, 1000), createdAt: nowIso,
    });
  });
}

/** The client opts out from the page, exactly as through an unsubscribe link: everything stops, the link included. */
export async function optOutFromBooking(deps: ServiceDeps, token: string, userAgent: string | null): Promise<void> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  await deps.store.db.transaction().execute(async (trx) => {
    const { link, contact } = await requireOpenLink(trx, token, now);
    await stopContacting(trx, await actorOf(trx, link), contact, {
      reason: 'unsubscribed', followUpReason: 'opted out: booking page',
      record: { kind: 'opt-out', detail: `opted out on booking link ${link.id} at ${nowIso}; browser: ${userAgent ?? 'unknown'}`.slice(0, 1000), userId: null },
      exitAs: 'opted-out', atMs: now, nowIso,
    });
  });
}
