import { AppError } from './errors.js';
import type { Channel, InteractionResult, OutcomeType } from './types.js';

/** Results where the client took part; without a result, the channels that are conversations by nature. Stores query by these. */
export const CONVERSATION_RESULTS = ['connected', 'held', 'replied'] as const satisfies readonly InteractionResult[];
export const CONVERSATION_CHANNELS = ['meeting', 'video', 'coffee'] as const satisfies readonly Channel[];
const conversationResults: ReadonlySet<InteractionResult> = new Set(CONVERSATION_RESULTS);
const conversationChannels: ReadonlySet<Channel> = new Set(CONVERSATION_CHANNELS);

/** A touch where the client actually took part: it must end in yes, no or an agreed next step. */
export function isConversation(channel: Channel, result: InteractionResult | null | undefined): boolean {
  if (result) return conversationResults.has(result);
  return conversationChannels.has(channel);
}

export interface OutcomeInputShape {
  type: OutcomeType;
  next?: unknown;
}

export function validateOutcome(
  channel: Channel,
  result: InteractionResult | null | undefined,
  outcome: OutcomeInputShape | undefined,
): void {
  if (isConversation(channel, result) && !outcome) {
    throw AppError.invalid(
      'outcome',
      'a conversation must end with an outcome: yes, no, next-step (with the agreed follow-up) or no-agreement',
    );
  }
  if (outcome?.type === 'next-step' && !outcome.next) {
    throw AppError.invalid('outcome.next', 'a next step needs the agreed follow-up: due date/time and channel');
  }
  if (outcome && outcome.type !== 'next-step' && outcome.next) {
    throw AppError.invalid('outcome.next', `a "${outcome.type}" outcome cannot carry a next step`);
  }
}
