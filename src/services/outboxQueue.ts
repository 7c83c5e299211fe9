/**
 * Putting mail in the outbox, apart from delivering it (services/outbox.ts): planning a step
 * enqueues, and delivery logs the sent touch, which plans the next step — so the two halves in one
 * module would import each other through the enrollments service (issue 11 item 1).
 */
import { offeredChannels } from '../core/booking/links.js';
import { BOOKING_LINK_MARKER } from '../core/playbooks/template.js';
import type { Contact, FollowUp } from '../core/types.js';
import { DEFAULT_FOLLOW_UP_MINUTES } from '../shared/defaults.js';
import { newMessageId } from '../mail/messageId.js';
import { newUnsubscribeToken } from '../mail/unsubscribe.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as outbox from '../store/outbox.js';
import type { OutboxMessage } from '../store/outbox.js';
import { issueBookingLink } from './bookingLinkIssue.js';

/** How far ahead a link in a playbook email offers times: the suggested times lie within it. */
const BOOKING_DAYS_FROM_EMAIL = 21;

/**
 * A playbook's email step becomes an outbox row in the transaction that planned it, so the plan
 * and the send can never be separated by a crash. Mail in one series threads on its first message.
 */
export async function enqueueStepEmail(db: Db, contact: Contact, followUp: FollowUp): Promise<OutboxMessage | null> {
  if (followUp.channel !== 'email' || followUp.source !== 'playbook' || !contact.email || contact.doNotContact) return null;
  const headers: Record<string, string> = {};
  if (followUp.enrollmentId) {
    const ids = await outbox.messageIdsOfEnrollment(db, followUp.workspaceId, followUp.enrollmentId);
    if (ids.length > 0) {
      headers['In-Reply-To'] = ids[ids.length - 1] ?? '';
      headers.References = ids.slice(-10).join(' ');
    }
  }
  const booking = await bookingLinkFor(db, contact, followUp);
  const message: OutboxMessage = {
    id: newId(), workspaceId: followUp.workspaceId, contactId: contact.id, userId: followUp.userId, followUpId: followUp.id,
    enrollmentId: followUp.enrollmentId, kind: 'step', to: contact.email,
    subject: followUp.subject?.trim() || (followUp.agenda ?? 'Following up'),
    text: followUp.script ?? '', headers, calendar: null, messageId: newMessageId(), unsubscribeToken: newUnsubscribeToken(),
    status: 'queued', attempt: 0, leaseUntil: null, dueAt: followUp.dueAt, availableAt: followUp.dueAt, lastError: null,
    createdAt: followUp.createdAt, sentAt: null, bookingToken: booking,
  };
  await outbox.insertOutboxMessage(db, message);
  return message;
}

/**
 * An email offering times ({{bookingUrl}}, {{suggestedTimes}}) gets its booking link as it is
 * queued, in the same transaction; the worker puts the link in when it sends (jobs/worker). The link
 * opens from the day the mail goes out, for the series it belongs to.
 */
async function bookingLinkFor(db: Db, contact: Contact, followUp: FollowUp): Promise<string | null> {
  if (!followUp.script?.includes(BOOKING_LINK_MARKER) || !followUp.userId) return null;
  const { token } = await issueBookingLink(db, Date.parse(followUp.dueAt), {
    workspaceId: followUp.workspaceId, contactId: contact.id, userId: followUp.userId, createdBy: null, followUpId: null,
    enrollmentId: followUp.enrollmentId, agenda: null, channels: offeredChannels(undefined, contact.preferredChannel),
    durationMinutes: DEFAULT_FOLLOW_UP_MINUTES, days: BOOKING_DAYS_FROM_EMAIL,
  });
  return token;
}
