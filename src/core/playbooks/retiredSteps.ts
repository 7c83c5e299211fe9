/**
 * Steps a built-in playbook used to have, and the step that followed each. Enrollments are stored
 * with their current step's id, so one started before a change may still wait at a step that is
 * gone; it carries on from the step that followed it.
 */

import { END, type Playbook, type StepTarget } from './types.js';

const retired: Readonly<Record<string, Readonly<Record<string, StepTarget>>>> = {
  // The voicemail series left each voicemail as a step of its own; now each call carries its message.
  'voicemail-series': {
    'voicemail-1': 'call-1-retry',
    'voicemail-2': 'email-suggested-times',
    'voicemail-3': 'email-next-best-time',
    'voicemail-4': 'call-4',
    'voicemail-5': 'email-in-writing',
    'voicemail-6': 'call-last',
    'voicemail-closing': END,
  },
};

/** The step to carry on at when `stepId` is a retired step of this playbook; null when the step is current. */
export function retiredStepSuccessor(playbook: Playbook, stepId: string | null): StepTarget | null {
  if (stepId === null || playbook.steps.some((s) => s.id === stepId)) return null;
  return retired[playbook.key]?.[stepId] ?? null;
}
