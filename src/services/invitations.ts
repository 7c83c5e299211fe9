import { buildInvitation, isInvitable, type InvitationMethod } from '../calendar/invitation.js';
import { assertContactable } from '../core/doNotContact.js';
import { AppError } from '../core/errors.js';
import { formatInstant, localDateTimeOf } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import type { Contact, FollowUp } from '../core/types.js';
import type { Db } from '../store/db.js';
import { DEFAULT_REMINDER_MINUTES } from '../shared/defaults.js';
import { newId } from '../store/ids.js';
import * as outbox from '../store/outbox.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireFollowUp } from './guards.js';

export interface InvitationView {
  id: string;
  method: InvitationMethod;
  sequence: number;
  status: string;
  messageId: string;
}

/**
 * Queues the invitation for an agreed call or meeting: METHOD:REQUEST while the follow-up is open
 * (the first, or an update after a reschedule: same UID, SEQUENCE one higher), METHOD:CANCEL once
 * it is cancelled. The outbox sends it; nothing is mailed from inside the request.
 */
export async function sendInvitation(deps: ServiceDeps, actor: Actor, followUpId: string): Promise<InvitationView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const followUp = await requireFollowUp(trx, actor, followUpId);
    const contact = await requireContact(trx, actor, followUp.contactId);
    if (!isInvitable(followUp)) throw AppError.invalid('channel', 'only a call, meeting, video call or coffee at a fixed time can be sent as an invitation');
    if (!contact.email) throw AppError.invalid('email', `${contact.name} has no email address to invite`);
    const sent = await queueInvitation(trx, deps, actor, followUp, contact);
    if (!sent) throw new AppError('conflict', `this follow-up is ${followUp.status}; only an open one can be sent, and only a cancelled one that was sent can be withdrawn`);
    return sent;
  });
}

/**
 * After a reschedule, a change of channel or a cancellation: a follow-up the contact was invited to
 * gets its update (same UID, higher SEQUENCE) or its CANCEL in the same transaction, so their
 * calendar never keeps a time that no longer holds. Nothing happens if no invitation was ever queued.
 */
export async function updateInvitationWithin(trx: Db, deps: ServiceDeps, actor: Actor, followUp: FollowUp, contact: Contact): Promise<InvitationView | null> {
  if (!contact.email || (await outbox.invitationsOf(trx, actor.workspace.id, followUp.id)).length === 0) return null;
  if (followUp.status === 'open' && !isInvitable(followUp)) {
    // No longer a fixed-time call or meeting (e.g. moved to email): withdraw the invitation.
    return queueInvitation(trx, deps, actor, { ...followUp, status: 'cancelled' }, contact);
  }
  return queueInvitation(trx, deps, actor, followUp, contact);
}

/**
 * A time the client booked (or moved, or cancelled) through their link: the invitation, its update or
 * its CANCEL, carrying the link so they can move or cancel it from their mail too.
 */
export async function inviteToBookedTime(trx: Db, deps: ServiceDeps, actor: Actor, followUp: FollowUp, contact: Contact, manageUrl: string): Promise<InvitationView | null> {
  return queueInvitation(trx, deps, actor, followUp, contact, manageUrl);
}

async function queueInvitation(trx: Db, deps: ServiceDeps, actor: Actor, followUp: FollowUp, contact: Contact, manageUrl: string | null = null): Promise<InvitationView | null> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const email = contact.email;
  if (!email) return null;
  const earlier = await outbox.invitationsOf(trx, actor.workspace.id, followUp.id);
  let method: InvitationMethod;
  if (followUp.status === 'open') {
    assertContactable(contact);
    method = 'REQUEST';
  } else if (followUp.status === 'cancelled' && earlier.length > 0) {
    method = 'CANCEL';
  } else {
    return null;
  }
  await outbox.supersedeQueuedInvitations(trx, actor.workspace.id, followUp.id);
  const sequence = earlier.length;
  const calendar = buildInvitation({
    method, followUp, contact, organizer: { name: actor.user.name, email: actor.user.email }, sequence, baseUrl: deps.baseUrl, nowMs: now,
    reminderMinutes: actor.user.reminderMinutes ?? DEFAULT_REMINDER_MINUTES,
  });
  const when = `${localDateTimeOf(Date.parse(followUp.dueAt), followUp.timeZone).replace('T', ' ')} (${followUp.timeZone})`;
  const message: outbox.OutboxMessage = {
    id: newId(now), workspaceId: actor.workspace.id, contactId: contact.id, userId: actor.user.id, followUpId: followUp.id,
    enrollmentId: null, kind: 'invitation', to: email,
    subject: method === 'CANCEL' ? `Cancelled: ${followUp.channel} on ${when}` : `${sequence > 0 ? 'Updated invitation' : 'Invitation'}: ${followUp.channel} on ${when}`,
    text: method === 'CANCEL'
      ? `Our ${followUp.channel} on ${when} is cancelled.`
      : `As agreed: ${followUp.channel} on ${when}.${followUp.agenda ? `\n\nAgenda: ${followUp.agenda}` : ''}${manageUrl ? `\n\nTo choose another time or cancel: ${manageUrl}` : ''}`,
    headers: {}, calendar, messageId: newMessageId(), unsubscribeToken: null, status: 'queued', attempt: 0, leaseUntil: null,
    dueAt: nowIso, availableAt: nowIso, lastError: null, createdAt: nowIso, sentAt: null,
  };
  await outbox.insertOutboxMessage(trx, message);
  return { id: message.id, method, sequence, status: message.status, messageId: message.messageId };
}
