import type { FollowUp, Interaction } from '../types.js';
import type { EnrollmentEvent } from './types.js';

/** The step id a result carries when it happened outside the series: it applies exits, never advances a step. */
export const OUTSIDE_THE_SERIES = '(outside the series)';

/**
 * What a logged touch means for one of the contact's series: a "no" ends it; the step it fulfils
 * advances by the touch's result; a conversation with an outcome, or a reply, elsewhere is a result
 * outside the series (it may end it); any other touch only restarts the clock of a check-in that
 * counts from the last contact. A touch logged without a result counts as a connected call, or done.
 */
export function enrollmentEventFor(
  interaction: Pick<Interaction, 'occurredAt' | 'channel' | 'result' | 'outcome' | 'minutes'>,
  fulfilled: Pick<FollowUp, 'enrollmentId' | 'stepId'> | null,
  enrollmentId: string,
): EnrollmentEvent {
  const at = Date.parse(interaction.occurredAt);
  const result = interaction.result ?? (interaction.channel === 'call' ? 'connected' : 'done');
  const outcome = interaction.outcome ?? undefined;
  if (interaction.outcome === 'no') return { type: 'said-no', at };
  if (fulfilled?.enrollmentId === enrollmentId) {
    return { type: 'result', at, result, outcome, stepId: fulfilled.stepId ?? undefined, minutes: interaction.minutes ?? undefined };
  }
  if (interaction.outcome || interaction.result === 'replied') return { type: 'result', at, result, outcome, stepId: OUTSIDE_THE_SERIES };
  return { type: 'touched', at };
}
