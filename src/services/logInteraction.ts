import type { PlaybookSuggestion } from '../core/afterYes.js';
import { closedAs } from '../core/deals.js';
import { AppError } from '../core/errors.js';
import { isCappedTouch } from '../core/guardrails.js';
import { newFollowUp, type FollowUpRequest } from '../core/followUps.js';
import { assertHasHappened } from '../core/happenedAt.js';
import { planInteraction } from '../core/interactionPlan.js';
import { assertNextStepAfterConversation } from '../core/nextStepTiming.js';
import { formatInstant, parseInstant } from '../core/time.js';
import { touchMinutes } from '../core/timeBudget.js';
import { capReachMs } from '../core/playbooks/schedule.js';
import type { FrequencyCap } from '../core/playbooks/types.js';
import type { Channel, Direction, FollowUp, Interaction, InteractionResult, Opportunity, OutcomeType, Warning } from '../core/types.js';
import { touchContextOf } from '../store/touchContext.js';
import type { Db } from '../store/db.js';
import * as followUps from '../store/followUps.js';
import { newId } from '../store/ids.js';
import * as interactions from '../store/interactions.js';
import * as opportunities from '../store/opportunities.js';
import type { Actor, ServiceDeps } from './deps.js';
import { recordYes } from './afterYes.js';
import { onInteractionLogged, type EnrollmentMove } from './enrollments.js';
import { stopContacting } from './stopContacting.js';
import { announceInteraction } from './webhookPayloads.js';
import { rulesOf } from './workspaceRules.js';

export interface LogInteractionInput {
  contactId: string;
  channel: Channel;
  result?: InteractionResult | undefined;
  direction?: Direction | undefined;
  occurredAt?: string | undefined;
  notes?: string | null | undefined;
  changed?: string | null | undefined;
  opportunityId?: string | undefined;
  followUpId?: string | undefined;
  outcome?: { type: OutcomeType; next?: FollowUpRequest | undefined; purchaseDate?: string | undefined } | undefined;
  minutes?: number | undefined;
}

export interface LoggedInteraction {
  interaction: Interaction;
  fulfilled: FollowUp | null;
  next: FollowUp | null;
  warnings: Warning[];
  /** What the touch did to the contact's playbook series: the step now due and why, or that it ended. */
  enrollments: EnrollmentMove[];
  /** After a yes: the after-sale playbooks to offer the new customer. */
  suggestions?: PlaybookSuggestion[];
}

/** Where the contact's other capped touches are read around a touch: as far as any cap window holding it reaches. */
function capReach(atMs: number, cap: FrequencyCap): { fromIso: string; toIso: string } {
  const reach = capReachMs(cap);
  return { fromIso: formatInstant(atMs - reach), toIso: formatInstant(atMs + reach) };
}

/**
 * Records a touch and everything it implies, in one transaction: the fulfilled promise, the agreed
 * next step, the opportunity's fate, and — on a "no" — the end of all outbound work.
 */
export async function logInteraction(deps: ServiceDeps, actor: Actor, input: LogInteractionInput): Promise<LoggedInteraction> {
  return deps.store.db.transaction().execute((trx) => logInteractionWithin(trx, deps, actor, input));
}

/** The same, inside a transaction the caller owns (the mail worker records a send and its touch together). */
export async function logInteractionWithin(trx: Db, deps: ServiceDeps, actor: Actor, input: LogInteractionInput): Promise<LoggedInteraction> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const occurredAtMs = input.occurredAt ? parseInstant(input.occurredAt, 'occurredAt') : now;
  assertHasHappened(occurredAtMs, now, 'occurredAt');
  const workspaceId = actor.workspace.id;

  const direction = input.direction ?? 'out';
  const fulfilled = input.followUpId ? await followUps.findFollowUp(trx, workspaceId, input.followUpId) : null;
  const { frequencyCap: cap } = rulesOf(actor.workspace);
  const capped = isCappedTouch(direction, input.channel, fulfilled?.promised ?? false);
  const context = await touchContextOf(trx, workspaceId, input.contactId, {
    preferredOpportunityId: fulfilled?.opportunityId ?? null, exceptFollowUpId: fulfilled?.id ?? null,
    cappedBetween: capped && cap ? capReach(occurredAtMs, cap) : null,
  });
  if (!context) throw AppError.notFound('contact');
  if (input.followUpId && !fulfilled) throw AppError.invalid('followUpId', 'no such follow-up');
  const { contact } = context;
  let opportunity: Opportunity | null = context.opportunity;
  if (input.opportunityId) {
    opportunity = await opportunities.findOpportunity(trx, workspaceId, input.opportunityId);
    if (!opportunity || opportunity.contactId !== contact.id) throw AppError.invalid('opportunityId', 'no such opportunity for this contact');
  }
  const occurredAtIso = formatInstant(occurredAtMs);
  const frequency = capped ? { cap, otherTouchesMs: context.cappedTouchesMs } : undefined;

  const plan = planInteraction({
    channel: input.channel,
    result: input.result ?? null,
    direction,
    occurredAtMs,
    outcome: input.outcome ? { type: input.outcome.type, hasNext: input.outcome.next !== undefined } : undefined,
  }, { contact, fulfilled, opportunity, contactTouches: opportunity ? 0 : context.touches, frequency });

  const closing = plan.closeOpportunity;
  const closedState = (o: Opportunity): Opportunity => {
    const touched = { ...o, touches: plan.touchNumber };
    return closing ? closedAs(touched, closing, plan.touchNumber, occurredAtIso) : touched;
  };
  const opened = plan.openOpportunity;
  if (opened) {
    opportunity = closedState({
      id: newId(), workspaceId, contactId: contact.id, ownerId: actor.user.id,
      title: contact.company ? `${contact.company} — ${contact.name}` : contact.name,
      status: 'open', touches: 0, closedOnTouch: null, createdAt: nowIso, closedAt: null,
    });
    await opportunities.insertOpportunity(trx, opportunity);
  }

  const interaction: Interaction = {
    id: newId(now), workspaceId, contactId: contact.id, userId: actor.user.id, opportunityId: opportunity?.id ?? null,
    followUpId: fulfilled?.id ?? null, channel: input.channel, direction, result: input.result ?? null,
    occurredAt: occurredAtIso, notes: input.notes ?? null, changed: input.changed ?? null,
    outcome: input.outcome?.type ?? null, touchNumber: plan.touchNumber, createdAt: nowIso,
    minutes: touchMinutes(input.channel, input.minutes),
  };
  await interactions.insertInteraction(trx, interaction);

  let done: FollowUp | null = null;
  if (fulfilled && plan.fulfil) {
    done = { ...fulfilled, status: 'done', doneAt: interaction.occurredAt };
    await followUps.updateFollowUp(trx, done);
  }

  if (opportunity && !opened) {
    opportunity = closedState(opportunity);
    await opportunities.updateOpportunity(trx, opportunity);
  }

  // Open follow-ups are the touches still to come: none may carry a number this touch has used.
  const nextTouch = plan.touchNumber + 1;
  const stillOpen = [context.lowestOpenTouch, fulfilled && !done ? fulfilled.touchNumber : null].filter((n): n is number => n !== null);
  if (stillOpen.some((n) => n < nextTouch)) await followUps.renumberOpenFollowUps(trx, workspaceId, contact.id, nextTouch);
  // A "no" stops all outbound work, the same way as an opt-out, an unsubscribe or a bounce.
  const stopped = plan.markDoNotContact
    ? await stopContacting(trx, actor, contact, {
      reason: plan.markDoNotContact, followUpReason: plan.cancelOpenFollowUps ?? plan.markDoNotContact,
      record: { kind: 'said-no', detail: input.notes ?? 'said no', userId: actor.user.id }, exitAs: 'said-no', atMs: occurredAtMs, nowIso,
    })
    : null;
  if (!stopped && plan.cancelOpenFollowUps) await followUps.cancelOpenFollowUps(trx, workspaceId, contact.id, plan.cancelOpenFollowUps);

  let next: FollowUp | null = null;
  const nextInput = input.outcome?.next;
  if (plan.createNext && nextInput) {
    next = newFollowUp(nextInput, {
      id: newId(), contact, userId: contact.ownerId ?? actor.user.id, opportunityId: opportunity?.id ?? null,
      source: 'agreement', touchNumber: plan.touchNumber + 1, nowIso, path: 'outcome.next.',
    });
    assertNextStepAfterConversation(next, occurredAtMs, 'outcome.next.due');
    await followUps.insertFollowUp(trx, next, interaction.id);
  }
  const enrollments = [...(stopped?.enrollments ?? []), ...(context.inSeries ? await onInteractionLogged(trx, actor, interaction, done, nowIso) : [])];
  const suggestions = await recordYes(trx, actor, interaction, input.outcome, nowIso);
  if (context.webhooksListening) await announceInteraction(trx, { interaction, contact, fulfilled: done, next }, now);
  return { interaction, fulfilled: done, next, warnings: plan.warnings, enrollments, ...(suggestions ? { suggestions } : {}) };
}
