import { AppError } from './errors.js';
import { validateOutcome, isConversation } from './outcomeRules.js';
import { assertOutboundTouchAllowed, isCappedTouch, pesteringWarning } from './guardrails.js';
import type { FrequencyCap } from './playbooks/types.js';
import { fulfilmentWarnings, qualificationWarnings } from './warnings.js';
import type {
  Channel, Contact, Direction, FollowUp, InteractionResult, Opportunity, OutcomeType, Warning,
} from './types.js';

export interface InteractionRequest {
  channel: Channel;
  result: InteractionResult | null;
  direction: Direction;
  occurredAtMs: number;
  outcome: { type: OutcomeType; hasNext: boolean } | undefined;
}

export interface InteractionContext {
  contact: Contact;
  /** The follow-up this touch fulfils, if the caller named one. */
  fulfilled: FollowUp | null;
  /** The opportunity the touch belongs to: named by the caller, or the contact's open one. */
  opportunity: Opportunity | null;
  /** Touches already logged for the contact, used when there is no opportunity. */
  contactTouches: number;
  /** The workspace's frequency cap and the contact's other capped touches around this one, from every path. */
  frequency?: { cap: FrequencyCap | null; otherTouchesMs: readonly number[] } | undefined;
}

/** What logging this touch changes. Services carry it out in one transaction. */
export interface InteractionPlan {
  touchNumber: number;
  /** Fulfilled follow-up becomes done. */
  fulfil: boolean;
  /** Open a new opportunity first (a conversation heading somewhere, and none open). */
  openOpportunity: boolean;
  closeOpportunity: 'won' | 'lost' | null;
  cancelOpenFollowUps: string | null;
  markDoNotContact: string | null;
  exitEnrollments: 'said-no' | 'outcome' | null;
  createNext: boolean;
  warnings: Warning[];
}

export function planInteraction(request: InteractionRequest, context: InteractionContext): InteractionPlan {
  const { contact, fulfilled, opportunity } = context;
  validateOutcome(request.channel, request.result, request.outcome ? { type: request.outcome.type, next: request.outcome.hasNext || undefined } : undefined);

  if (fulfilled) {
    if (fulfilled.contactId !== contact.id) throw AppError.invalid('followUpId', 'that follow-up belongs to another contact');
    if (fulfilled.status !== 'open') throw AppError.invalid('followUpId', `that follow-up is already ${fulfilled.status}`);
  }
  if (opportunity && opportunity.status !== 'open') {
    throw AppError.invalid('opportunityId', `that opportunity is already ${opportunity.status}`);
  }

  const outcomeType = request.outcome?.type;
  const outbound = request.direction === 'out';
  // Inbound mail and calls reaching us are not "our" touches to the client, but a reply they sent
  // that ended a conversation still counts toward the opportunity's history.
  const counts = outbound || isConversation(request.channel, request.result);
  assertOutboundTouchAllowed(contact, request.direction, request.occurredAtMs);
  if (request.outcome?.hasNext && contact.doNotContact) {
    throw new AppError('do-not-contact', `${contact.name} is marked do-not-contact; opt them in before agreeing a next step`);
  }

  const openOpportunity = !opportunity && (outcomeType === 'next-step' || outcomeType === 'yes');
  const base = opportunity ? opportunity.touches : openOpportunity ? 0 : context.contactTouches;
  const touchNumber = counts ? base + 1 : base;

  const warnings: Warning[] = [...fulfilmentWarnings(fulfilled, request.channel, request.occurredAtMs)];
  if (outcomeType === 'next-step') warnings.push(...qualificationWarnings(contact));
  if (context.frequency && isCappedTouch(request.direction, request.channel, fulfilled?.promised ?? false)) {
    const pestering = pesteringWarning(request.occurredAtMs, context.frequency.otherTouchesMs, context.frequency.cap, contact.timeZone);
    if (pestering) warnings.push(pestering);
  }

  const saidNo = outcomeType === 'no';
  return {
    touchNumber,
    fulfil: fulfilled !== null,
    openOpportunity,
    closeOpportunity: outcomeType === 'yes' ? 'won' : saidNo ? 'lost' : null,
    cancelOpenFollowUps: saidNo ? 'said no' : null,
    markDoNotContact: saidNo ? 'said no' : null,
    exitEnrollments: saidNo ? 'said-no' : outcomeType !== undefined && outcomeType !== 'no-agreement' ? 'outcome' : null,
    createNext: outcomeType === 'next-step',
    warnings,
  };
}
