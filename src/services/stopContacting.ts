import { markDoNotContact } from '../core/contacts.js';
import type { Contact } from '../core/types.js';
import { withdrawContactLinks } from '../store/bookingLinks.js';
import * as consent from '../store/consent.js';
import * as contacts from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { cancelOpenFollowUps } from '../store/followUps.js';
import { newId } from '../store/ids.js';
import type { Actor } from './deps.js';
import { exitSeries, type EnrollmentMove } from './enrollments.js';
import { announceOptOut } from './webhookPayloads.js';

/** Why and how a contact stops being contacted: each of the four ways says it in its own words. */
export interface StopRequest {
  /** The contact's do-not-contact reason: 'said no', 'unsubscribed', 'bounced', or the salesperson's words. */
  reason: string;
  /** Kept on each open follow-up as it is cancelled. */
  followUpReason: string;
  /** The consent trail's entry: what they said (or what bounced), and who recorded it (null: it came by mail). */
  record: { kind: 'opt-out' | 'said-no'; detail: string; userId: string | null };
  /** How their running series end (the engine's exit reason). */
  exitAs: 'said-no' | 'opted-out';
  /** When it happened: the series end at this moment. */
  atMs: number;
  nowIso: string;
}

/**
 * "Stop contacting this person", the one way it is done, whether they opted out through the
 * salesperson, clicked the unsubscribe link, their address bounced, or they said no (issue 11
 * item 2). In the caller's transaction: the contact becomes do-not-contact with the reason, their
 * open follow-ups are cancelled (so the reason is what each says), their booking links stop
 * opening, their running series end (queued
 * mail of those series is then skipped when claimed, as is any mail to a do-not-contact contact),
 * and the consent trail keeps the evidence. New outbound work is refused from then on
 * (core/doNotContact) until they opt in again.
 *
 * The series need someone to act as (a playbook is resolved in the actor's workspace); without an
 * actor they are left to end at their next event, which the engine ends as do-not-contact.
 */
export async function stopContacting(db: Db, actor: Actor | null, contact: Contact, stop: StopRequest): Promise<{ contact: Contact; enrollments: EnrollmentMove[] }> {
  const marked = markDoNotContact(contact, stop.reason, stop.nowIso);
  await contacts.updateContact(db, marked);
  await cancelOpenFollowUps(db, contact.workspaceId, contact.id, stop.followUpReason);
  await withdrawContactLinks(db, contact.workspaceId, contact.id, stop.reason, stop.nowIso);
  const enrollments = actor ? await exitSeries(db, actor, marked, stop.exitAs, stop.atMs, stop.nowIso) : [];
  await consent.insertConsentRecord(db, {
    id: newId(), workspaceId: contact.workspaceId, contactId: contact.id, userId: stop.record.userId, kind: stop.record.kind,
    detail: stop.record.detail, createdAt: stop.nowIso,
  });
  await announceOptOut(db, marked, stop.reason, Date.parse(stop.nowIso));
  return { contact: marked, enrollments };
}
