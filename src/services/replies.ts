import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import type { DeliveryFailure } from '../mail/deliveryReport.js';
import type { InboundMail } from '../mail/inboundMail.js';
import type { Db } from '../store/db.js';
import { markBouncedAfterSending } from '../store/outbox.js';
import * as replies from '../store/replies.js';
import type { ReplyOutcome } from '../store/replies.js';
import { actorForMessage } from './actors.js';
import type { ServiceDeps } from './deps.js';
import { logInteractionWithin, type LogInteractionInput } from './logInteraction.js';
import { bounceContactWithin } from './outbox.js';

/** Which mailbox a message came from, and where it sits in it. */
export interface MailboxPosition {
  workspaceId: string;
  /** The mailbox's salesperson: the interaction is logged as theirs (null: the workspace's first owner). */
  userId: string | null;
  mailboxKey: string;
  uidValidity: string;
  uid: number;
}

export interface Handled {
  as: ReplyOutcome | 'duplicate';
  /** Why the domain refused to log it (outcome `refused`). */
  reason?: string;
}

export async function mailboxCursor(deps: ServiceDeps, workspaceId: string, mailboxKey: string): Promise<replies.MailboxCursor | null> {
  return replies.findCursor(deps.store.db, workspaceId, mailboxKey);
}

/** A first read, or the server renumbered the mailbox: start again at UID 0 (handled messages stay handled). */
export async function restartMailbox(deps: ServiceDeps, workspaceId: string, mailboxKey: string, uidValidity: string): Promise<void> {
  await replies.resetCursor(deps.store.db, workspaceId, mailboxKey, uidValidity, formatInstant(deps.clock()));
}

async function matchContact(db: Db, workspaceId: string, mail: InboundMail): Promise<string | null> {
  return (await replies.contactOfThread(db, workspaceId, mail.threadIds)) ?? (mail.from ? await replies.contactByEmail(db, workspaceId, mail.from) : null);
}

function interactionFor(contactId: string, mail: InboundMail, occurredAt: string): LogInteractionInput {
  const subject = mail.subject || '(no subject)';
  if (mail.autoReply) {
    return { contactId, channel: 'email', direction: 'in', occurredAt, notes: `Auto-reply: ${subject} (${mail.autoReply})` };
  }
  // A reply is a conversation, which must carry an outcome; what was agreed is for the salesperson to log.
  return {
    contactId, channel: 'email', direction: 'in', result: 'replied', occurredAt, outcome: { type: 'no-agreement' },
    notes: mail.excerpt ? `Replied: ${subject}\n\n${mail.excerpt}` : `Replied: ${subject}`,
  };
}

/**
 * A relay's "undeliverable" report about one of our messages: that send is recorded `bounced` and
 * the contact becomes do-not-contact, exactly as a 5xx while sending would have done. A report
 * about mail we did not send (or cannot recognise) changes nothing.
 */
async function handleDeliveryFailure(trx: Db, now: number, claim: replies.HandledMessage, failure: DeliveryFailure): Promise<Handled> {
  const original = await replies.outboxMessageAmong(trx, claim.workspaceId, failure.originalMessageIds);
  if (!original) return { as: 'unmatched' };
  if (failure.failedRecipients.length > 0 && !failure.failedRecipients.includes(original.to.toLowerCase())) return { as: 'unmatched' };
  const reason = `bounced after sending: ${failure.diagnostic}`;
  await markBouncedAfterSending(trx, original.id, reason);
  await bounceContactWithin(trx, original, reason, now);
  await replies.settleMessage(trx, { ...claim, outcome: 'bounce', contactId: original.contactId });
  return { as: 'bounce' };
}

/**
 * Handles one inbound message exactly once: the message is claimed, matched to a contact (by
 * the mail it answers, else by sender), logged as an inbound email and the mailbox cursor moved,
 * all in one transaction. A reply exits the contact's series as `replied`; an auto-reply does not.
 */
export async function handleInboundMail(deps: ServiceDeps, position: MailboxPosition, mail: InboundMail): Promise<Handled> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const occurredAt = formatInstant(Math.min(mail.dateMs ?? now, now));
  const { workspaceId, mailboxKey } = position;
  const claim: replies.HandledMessage = {
    workspaceId, mailboxKey, messageKey: mail.messageKey, uid: position.uid, outcome: 'unmatched', contactId: null, interactionId: null, createdAt: nowIso,
  };
  try {
    return await deps.store.db.transaction().execute(async (trx): Promise<Handled> => {
      await replies.advanceCursor(trx, workspaceId, mailboxKey, position.uidValidity, position.uid, nowIso);
      if (!(await replies.claimMessage(trx, claim))) return { as: 'duplicate' };
      if (mail.messageId && (await replies.isOwnMessage(trx, workspaceId, mail.messageId))) {
        await replies.settleMessage(trx, { ...claim, outcome: 'own' });
        return { as: 'own' };
      }
      if (mail.deliveryFailure) return handleDeliveryFailure(trx, now, claim, mail.deliveryFailure);
      const contactId = await matchContact(trx, workspaceId, mail);
      if (!contactId) return { as: 'unmatched' };
      const actor = await actorForMessage(trx, { workspaceId, userId: position.userId });
      if (!actor) throw new Error(`workspace ${workspaceId} has no member to log replies for`);
      const logged = await logInteractionWithin(trx, deps, actor, interactionFor(contactId, mail, occurredAt));
      const outcome: ReplyOutcome = mail.autoReply ? 'auto-reply' : 'reply';
      await replies.settleMessage(trx, { ...claim, outcome, contactId, interactionId: logged.interaction.id });
      return { as: outcome };
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The domain refused it (the contact changed under us, say): record it as handled, or it would block the mailbox for good.
    return deps.store.db.transaction().execute(async (trx): Promise<Handled> => {
      await replies.advanceCursor(trx, workspaceId, mailboxKey, position.uidValidity, position.uid, nowIso);
      return (await replies.claimMessage(trx, { ...claim, outcome: 'refused' })) ? { as: 'refused', reason: error.message } : { as: 'duplicate' };
    });
  }
}
