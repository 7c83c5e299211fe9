import { assertContactable } from './doNotContact.js';
import { AppError } from './errors.js';
import { resolveDue, type DueInput } from './time.js';
import type { Channel, Contact, FollowUp, FollowUpKind, FollowUpSource } from './types.js';

export interface FollowUpRequest {
  due: DueInput;
  channel: Channel;
  agenda?: string | null | undefined;
  progress?: string | null | undefined;
  kind?: FollowUpKind | undefined;
  promised?: boolean | undefined;
}

export interface NewFollowUpContext {
  id: string;
  contact: Contact;
  userId: string | null;
  opportunityId: string | null;
  source: FollowUpSource;
  touchNumber: number;
  nowIso: string;
  path?: string;
}

/** A follow-up for a contact who can be contacted; the due is resolved in the contact's zone by default. */
export function newFollowUp(request: FollowUpRequest, context: NewFollowUpContext): FollowUp {
  assertContactable(context.contact);
  const due = resolveDue(request.due, context.contact.timeZone, `${context.path ?? ''}due`);
  const promised = promisedOf(request, context);
  return {
    id: context.id,
    workspaceId: context.contact.workspaceId,
    contactId: context.contact.id,
    opportunityId: context.opportunityId,
    userId: context.userId,
    kind: request.kind ?? 'next-step',
    channel: request.channel,
    ...due,
    agenda: request.agenda ?? null,
    progress: request.progress ?? null,
    promised,
    source: context.source,
    status: 'open',
    statusReason: null,
    enrollmentId: null,
    stepId: null,
    touchNumber: context.touchNumber,
    createdAt: context.nowIso,
    doneAt: null,
  };
}

/**
 * Whether a new follow-up is a promise: an agreed one by default, and always what you owe them
 * (seed 003: information to send, answers owed, news of problems) — which must say what it is.
 */
function promisedOf(request: FollowUpRequest, context: NewFollowUpContext): boolean {
  if (request.kind !== 'owed') return request.promised ?? context.source === 'agreement';
  const path = context.path ?? '';
  if (!request.agenda?.trim()) throw AppError.invalid(`${path}agenda`, 'say what you owe them (the information, answer or news you promised)');
  if (request.promised === false) throw AppError.invalid(`${path}promised`, 'what you owe them is always a promise');
  return true;
}
