/**
 * Putting mail in the outbox, apart from delivering it (services/outbox.ts): planning a step
 * enqueues, and delivery logs the sent touch, which plans the next step — so the two halves in one
 * module would import each other through the enrollments service (issue 11 item 1).
 */
import type { Contact, FollowUp } from '../core/types.js';
import { newMessageId } from '../mail/messageId.js';
import { newUnsubscribeToken } from '../mail/unsubscribe.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as outbox from '../store/outbox.js';
import type { OutboxMessage } from '../store/outbox.js';

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
  const message: OutboxMessage = {
    id: newId(), workspaceId: followUp.workspaceId, contactId: contact.id, userId: followUp.userId, followUpId: followUp.id,
    enrollmentId: followUp.enrollmentId, kind: 'step', to: contact.email,
    subject: followUp.subject?.trim() || (followUp.agenda ?? 'Following up'),
    text: followUp.script ?? '', headers, calendar: null, messageId: newMessageId(), unsubscribeToken: newUnsubscribeToken(),
    status: 'queued', attempt: 0, leaseUntil: null, dueAt: followUp.dueAt, availableAt: followUp.dueAt, lastError: null,
    createdAt: followUp.createdAt, sentAt: null,
  };
  await outbox.insertOutboxMessage(db, message);
  return message;
}
