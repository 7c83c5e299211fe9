import { assertContactable } from '../core/doNotContact.js';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import * as outbox from '../store/outbox.js';
import type { OutboxMessage } from '../store/outbox.js';
import { requireContact } from './guards.js';
import type { Actor, ServiceDeps } from './deps.js';
import { routeOf } from './outbox.js';

export interface DirectEmailInput {
  /** The client's id for the draft: a second send of the same draft finds the first and sends nothing more. */
  draftId: string;
  subject: string;
  body: string;
}

/**
 * Queues an email the salesperson wrote to one contact, to go out through their mailbox. The worker
 * sends it once and logs it as an outbound email touch when the mail server takes it.
 */
export async function sendDirectEmail(
  deps: ServiceDeps, actor: Actor, contactId: string, input: DirectEmailInput, serverMailbox: boolean,
): Promise<OutboxMessage> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const contact = await requireContact(trx, actor, contactId);
    const earlier = await outbox.findOutboxMessage(trx, input.draftId);
    if (earlier) {
      if (earlier.workspaceId !== actor.workspace.id || earlier.contactId !== contact.id || earlier.kind !== 'direct') {
        throw AppError.invalid('draftId', 'belongs to another email; start a new draft');
      }
      return earlier;
    }
    assertContactable(contact);
    if (!contact.email) throw AppError.invalid('to', `${contact.name} has no email address yet; add it to their protocol first`);
    const message: OutboxMessage = {
      id: input.draftId, workspaceId: actor.workspace.id, contactId: contact.id, userId: actor.user.id, followUpId: null, enrollmentId: null,
      kind: 'direct', to: contact.email, subject: input.subject, text: input.body, headers: {}, calendar: null, messageId: newMessageId(),
      unsubscribeToken: null, status: 'queued', attempt: 0, leaseUntil: null, dueAt: nowIso, availableAt: nowIso, lastError: null,
      createdAt: nowIso, sentAt: null,
    };
    if (!(await routeOf(trx, message, serverMailbox))) {
      throw new AppError('conflict', 'You have no mailbox to send from yet: add yours in Settings → Mail, or open the email in your mail client.');
    }
    if (!(await outbox.insertOutboxMessageOnce(trx, message))) {
      // The same draft, sent at the same moment from another tab: that one is the email.
      return (await outbox.findOutboxMessage(trx, input.draftId)) ?? message;
    }
    return message;
  });
}
