/** Runs an enrollment to its end against scripted answers: a preview for the editor, and the tests' driver. */

import type { OutcomeType } from '../types.js';
import { advance, initialState } from './engine.js';
import type { EngineContext, EnrollmentState, PlannedStep, Playbook, StepResult } from './types.js';

export interface Answer {
  result: StepResult;
  outcome?: OutcomeType | undefined;
  /** Done this many minutes after the due (default 0). */
  lateMinutes?: number | undefined;
}

export type Responder = (step: PlannedStep, index: number) => Answer;

export interface SimulatedStep {
  planned: PlannedStep;
  doneAtMs: number;
  answer: Answer;
}

export interface Simulation {
  steps: SimulatedStep[];
  state: EnrollmentState;
  /** Every unagreed touch made, the context's ones included. */
  unagreedTouches: number[];
}

/** The default answer: calls reach voicemail; everything else is done. */
export const unreachable: Responder = (step) => ({ result: step.type === 'call' ? 'voicemail' : 'done' });

export function simulate(
  playbook: Playbook,
  context: EngineContext,
  startAtMs: number,
  respond: Responder = unreachable,
  options: { agreed?: boolean; maxSteps?: number } = {},
): Simulation {
  const touches = [...context.unagreedTouches];
  const steps: SimulatedStep[] = [];
  const ctx = (): EngineContext => ({ ...context, unagreedTouches: [...touches] });
  let { state, followUps } = advance(playbook, initialState(playbook), { type: 'start', at: startAtMs, agreed: options.agreed ?? false }, ctx());
  const maxSteps = options.maxSteps ?? 200;
  for (let i = 0; i < maxSteps && state.status === 'active'; i++) {
    const planned = followUps[0];
    if (!planned) break;
    const answer = respond(planned, i);
    const doneAtMs = planned.dueAtMs + (answer.lateMinutes ?? 0) * 60_000;
    steps.push({ planned, doneAtMs, answer });
    if (planned.touch && !planned.agreed) touches.push(doneAtMs);
    ({ state, followUps } = advance(
      playbook, state, { type: 'result', at: doneAtMs, result: answer.result, outcome: answer.outcome, stepId: planned.stepId }, ctx(),
    ));
  }
  return { steps, state, unagreedTouches: touches };
}
