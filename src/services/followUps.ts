import { assertContactable } from '../core/doNotContact.js';
import { planningWarnings } from '../core/guardrails.js';
import { AppError } from '../core/errors.js';
import { newFollowUp, type FollowUpRequest } from '../core/followUps.js';
import { formatInstant, parseInstant, resolveDue, type DueInput } from '../core/time.js';
import { pastDueWarning } from '../core/nextStepTiming.js';
import type { Channel, FollowUp, FollowUpSource, Warning } from '../core/types.js';
import type { Db } from '../store/db.js';
import { audit } from '../store/audit.js';
import { releaseCells } from '../store/bookingLinks.js';
import * as followUps from '../store/followUps.js';
import { newId } from '../store/ids.js';
import { countTouches } from '../store/interactions.js';
import { findOpportunity, openOpportunityOf } from '../store/opportunities.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireFollowUp } from './guards.js';
import { updateInvitationWithin } from './invitations.js';
import { announceFollowUp } from './webhookPayloads.js';

export type FollowUpWithWarnings = FollowUp & { warnings: Warning[] };

/** A follow-up put at a time already gone is kept only as an overdue promise, with a past-due warning. */
function keptAsOverduePromise(followUp: FollowUp, nowMs: number): FollowUpWithWarnings {
  const warning = pastDueWarning(followUp, nowMs);
  return warning ? { ...followUp, promised: true, warnings: [warning] } : { ...followUp, warnings: [] };
}

export async function scheduleFollowUp(
  deps: ServiceDeps, actor: Actor, input: FollowUpRequest & { contactId: string; opportunityId?: string | null | undefined },
): Promise<FollowUpWithWarnings> {
  return deps.store.db.transaction().execute((trx) => scheduleFollowUpWithin(trx, deps, actor, input));
}

/** The same, inside a transaction the caller owns (a deal moved with its agreed next step). */
export async function scheduleFollowUpWithin(
  trx: Db, deps: ServiceDeps, actor: Actor, input: FollowUpRequest & { contactId: string; opportunityId?: string | null | undefined },
  options: { source?: FollowUpSource; path?: string } = {},
): Promise<FollowUpWithWarnings> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const contact = await requireContact(trx, actor, input.contactId);
  const opportunity = input.opportunityId
    ? await findOpportunity(trx, actor.workspace.id, input.opportunityId)
    : await openOpportunityOf(trx, actor.workspace.id, contact.id);
  if (input.opportunityId && (!opportunity || opportunity.contactId !== contact.id)) throw AppError.invalid('opportunityId', 'no such opportunity for this contact');
  const touches = opportunity ? opportunity.touches : await countTouches(trx, actor.workspace.id, contact.id);
  const { warnings, ...followUp } = keptAsOverduePromise(newFollowUp(input, {
    id: newId(), contact, userId: contact.ownerId ?? actor.user.id, opportunityId: opportunity?.id ?? null,
    source: options.source ?? 'manual', touchNumber: touches + 1, nowIso, ...(options.path ? { path: options.path } : {}),
  }), now);
  await followUps.insertFollowUp(trx, followUp);
  await announceFollowUp(trx, 'follow-up.created', followUp, contact, now);
  return { ...followUp, warnings: [...warnings, ...planningWarnings(contact)] };
}

export interface FollowUpPatch {
  due?: DueInput | undefined;
  channel?: Channel | undefined;
  agenda?: string | null | undefined;
  progress?: string | null | undefined;
  status?: 'cancelled' | 'skipped' | undefined;
  reason?: string | undefined;
}

/** Reschedule, re-channel or cancel; the previous values go to the audit trail. */
export async function updateFollowUp(deps: ServiceDeps, actor: Actor, id: string, patch: FollowUpPatch): Promise<FollowUpWithWarnings> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    const before = await requireFollowUp(trx, actor, id);
    if (before.status !== 'open') throw new AppError('conflict', `this follow-up is already ${before.status}`);
    const contact = await requireContact(trx, actor, before.contactId);
    let after: FollowUp = { ...before };
    let warnings: Warning[] = [];
    if (patch.due) {
      assertContactable(contact);
      const { warnings: moved, ...kept } = keptAsOverduePromise({ ...after, ...resolveDue(patch.due, contact.timeZone, 'due') }, now);
      after = kept;
      warnings = [...moved, ...planningWarnings(contact)];
    }
    if (patch.channel) after.channel = patch.channel;
    if (patch.agenda !== undefined) after.agenda = patch.agenda;
    if (patch.progress !== undefined) after.progress = patch.progress;
    if (patch.status) {
      after.status = patch.status;
      after.statusReason = patch.reason ?? null;
      after.doneAt = nowIso;
    }
    await followUps.updateFollowUp(trx, after);
    const moved = after.dueAt !== before.dueAt || after.channel !== before.channel;
    // A time the client booked is free for others once it moves or is cancelled.
    if (after.dueAt !== before.dueAt || after.status !== 'open') await releaseCells(trx, id);
    if (moved || after.status === 'cancelled') await updateInvitationWithin(trx, deps, actor, after, contact);
    if (after.status === 'cancelled') await announceFollowUp(trx, 'follow-up.cancelled', after, contact, now);
    await audit(trx, {
      workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'follow-up', entityId: id,
      action: patch.status ?? 'update', detail: { before: { dueAt: before.dueAt, dueLocal: before.dueLocal, channel: before.channel, agenda: before.agenda }, reason: patch.reason ?? null }, at: nowIso,
    });
    return { ...after, warnings };
  });
}

export function listFollowUps(deps: ServiceDeps, actor: Actor, filter: followUps.FollowUpFilter) {
  // Stored instants compare as fixed-width UTC text, so an offset or missing milliseconds must be normalised first.
  const dueBefore = filter.dueBefore === undefined ? undefined : formatInstant(parseInstant(filter.dueBefore, 'dueBefore'));
  return followUps.listFollowUps(deps.store.db, actor.workspace.id, { ...filter, dueBefore });
}

export async function getFollowUp(deps: ServiceDeps, actor: Actor, id: string): Promise<FollowUp> {
  return requireFollowUp(deps.store.db, actor, id);
}
