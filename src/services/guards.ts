/**
 * Lookups that refuse what the actor may not see: a missing (or another workspace's) record is a
 * 404, an unknown member an invalid field. They read the store and nothing else, so any service can
 * use them without importing another use case (issue 11 item 1: no cycles between services).
 */
import { AppError } from '../core/errors.js';
import type { Contact, FollowUp } from '../core/types.js';
import { findMembership } from '../store/accounts.js';
import { findContact } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { findEnrollment, type Enrollment } from '../store/enrollments.js';
import { findFollowUp } from '../store/followUps.js';
import type { Actor } from './deps.js';

export async function requireContact(db: Db, actor: Actor, id: string): Promise<Contact> {
  const contact = await findContact(db, actor.workspace.id, id);
  if (!contact) throw AppError.notFound('contact');
  return contact;
}

export async function requireFollowUp(db: Db, actor: Actor, id: string): Promise<FollowUp> {
  const followUp = await findFollowUp(db, actor.workspace.id, id);
  if (!followUp) throw AppError.notFound('follow-up');
  return followUp;
}

export async function requireEnrollment(db: Db, actor: Actor, id: string): Promise<Enrollment> {
  const enrollment = await findEnrollment(db, actor.workspace.id, id);
  if (!enrollment) throw AppError.notFound('enrollment');
  return enrollment;
}

/** A contact's owner must belong to the workspace. */
export async function requireMember(db: Db, actor: Actor, userId: string, path = 'ownerId'): Promise<void> {
  if (!(await findMembership(db, actor.workspace.id, userId))) throw AppError.invalid(path, 'no such user in this workspace');
}
