/**
 * What each webhook event's `data` holds (docs/webhooks.md lists them), built from the records the
 * calling service already has in hand, and emitted in its transaction. Imports no other service
 * but webhookEvents, so the services that change state can all call it without an import cycle.
 */
import type { DigestItem } from '../core/digest.js';
import type { Enrollment } from '../store/enrollments.js';
import { wallTimeInWords } from '../core/slackMessage.js';
import { localDateTimeOf } from '../core/time.js';
import type { Contact, FollowUp, Interaction } from '../core/types.js';
import type { User } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { emitWebhookEvent, emitWebhookEvents, type EventData, type EventToEmit } from './webhookEvents.js';

type ContactLike = Pick<Contact, 'id' | 'name' | 'company' | 'email'>;

export const contactData = (c: ContactLike): EventData => ({ id: c.id, name: c.name, company: c.company, email: c.email });

export const followUpData = (f: FollowUp): EventData => ({
  id: f.id, contactId: f.contactId, userId: f.userId, opportunityId: f.opportunityId, kind: f.kind, channel: f.channel,
  dueAt: f.dueAt, dueLocal: f.dueLocal, timeZone: f.timeZone, allDay: f.allDay, agenda: f.agenda, promised: f.promised,
  source: f.source, status: f.status, statusReason: f.statusReason, enrollmentId: f.enrollmentId, touchNumber: f.touchNumber,
});

export const interactionData = (i: Interaction): EventData => ({
  id: i.id, contactId: i.contactId, userId: i.userId, opportunityId: i.opportunityId, followUpId: i.followUpId, channel: i.channel,
  direction: i.direction, result: i.result, occurredAt: i.occurredAt, notes: i.notes, changed: i.changed, outcome: i.outcome, touchNumber: i.touchNumber,
});

/** A touch was logged: interaction.logged, and follow-up.created for the next step it agreed. */
export async function announceInteraction(
  trx: Db, logged: { interaction: Interaction; contact: ContactLike; fulfilled: FollowUp | null; next: FollowUp | null }, nowMs: number,
): Promise<void> {
  const { interaction, contact, fulfilled, next } = logged;
  const events: EventToEmit[] = [{
    type: 'interaction.logged',
    data: {
      interaction: interactionData(interaction), contact: contactData(contact),
      fulfilledFollowUp: fulfilled ? followUpData(fulfilled) : null, nextFollowUp: next ? followUpData(next) : null,
    },
  }];
  if (next) events.push({ type: 'follow-up.created', data: { followUp: followUpData(next), contact: contactData(contact) } });
  // One statement for both: logging a touch keeps its count of statements low (test/api/loggingStatements).
  await emitWebhookEvents(trx, interaction.workspaceId, events, nowMs);
}

export async function announceFollowUp(trx: Db, type: 'follow-up.created' | 'follow-up.cancelled', followUp: FollowUp, contact: ContactLike | null, nowMs: number): Promise<void> {
  await emitWebhookEvent(trx, followUp.workspaceId, type, { followUp: followUpData(followUp), contact: contact ? contactData(contact) : null }, nowMs);
}

/** A contact was stopped (opted out, said no, bounced): contact.opted-out, with why. */
export async function announceOptOut(trx: Db, contact: Contact, reason: string, nowMs: number): Promise<void> {
  await emitWebhookEvent(trx, contact.workspaceId, 'contact.opted-out', { contact: contactData(contact), reason }, nowMs);
}

/** A series ended (exited or completed): enrollment.exited, once, on the change into an ended state. */
export async function announceEnrollmentEnd(
  trx: Db, before: Enrollment, after: Enrollment, playbookName: string, contact: ContactLike, nowMs: number,
): Promise<void> {
  const ended = (e: Enrollment) => e.state.status === 'exited' || e.state.status === 'completed';
  if (!ended(after) || ended(before)) return;
  await emitWebhookEvent(trx, after.workspaceId, 'enrollment.exited', {
    enrollment: { id: after.id, playbookName, status: after.state.status, exitReason: after.state.exitReason ?? null }, contact: contactData(contact),
  }, nowMs);
}

/** The client chose a time through a booking link: booking.created (`moved`: a second choice moved the time booked before). */
export async function announceBooking(trx: Db, followUp: FollowUp, contact: ContactLike, bookingLinkId: string, moved: boolean, nowMs: number): Promise<void> {
  await emitWebhookEvent(trx, followUp.workspaceId, 'booking.created', {
    followUp: followUpData(followUp), contact: contactData(contact), bookingLinkId, moved,
  }, nowMs);
}

/** A user's morning digest, one workspace's part of it: digest.ready with the day's list in the user's words (core/slackMessage reads it). */
export async function announceDigest(
  trx: Db, workspaceId: string, user: Pick<User, 'id' | 'name' | 'timeZone'>, date: string, title: string, items: readonly DigestItem[], nowMs: number,
): Promise<void> {
  const lines = [...items].sort((a, b) => (a.followUp.dueAt < b.followUp.dueAt ? -1 : 1)).map((item) => {
    const wall = item.followUp.allDay ? item.followUp.dueLocal.slice(0, 10) : localDateTimeOf(Date.parse(item.followUp.dueAt), user.timeZone);
    const when = item.overdue ? `due ${wallTimeInWords(wall)}` : item.followUp.allDay ? 'Any time today' : wall.slice(11, 16);
    return {
      followUpId: item.followUp.id, when, contact: item.contact.name, company: item.contact.company, channel: item.followUp.channel,
      agenda: item.followUp.agenda, promised: item.followUp.promised, overdue: item.overdue, dueAt: item.followUp.dueAt,
    };
  });
  await emitWebhookEvent(trx, workspaceId, 'digest.ready', { user: { id: user.id, name: user.name, timeZone: user.timeZone }, date, title, items: lines }, nowMs);
}
