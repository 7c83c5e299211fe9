import { firstName } from '../core/agenda.js';
import { coach, type CoachReport } from '../core/playbooks/coach.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireFollowUp } from './guards.js';

/** Coaches a draft against what this contact cares about and what was agreed, when they are named. */
export async function coachMessage(deps: ServiceDeps, actor: Actor, input: { text: string; contactId?: string | undefined; followUpId?: string | undefined }): Promise<CoachReport> {
  const db = deps.store.db;
  const followUp = input.followUpId ? await requireFollowUp(db, actor, input.followUpId) : null;
  const contactId = input.contactId ?? followUp?.contactId;
  const contact = contactId ? await requireContact(db, actor, contactId) : null;
  return coach(input.text, {
    interests: contact?.interests ?? [],
    agenda: followUp?.agenda ?? null,
    saidNo: contact?.doNotContact ?? false,
    firstName: contact ? firstName(contact.name) : null,
    progress: followUp?.progress ?? null,
    agreed: followUp ? followUp.promised && followUp.source === 'agreement' : false,
  });
}
