/** An enrollment's history in words: what happened at each step, what it planned next, and why it moved. */

import { spokenInstant } from '../spokenTime.js';
import type { OutcomeType } from '../types.js';
import type { EnrollmentState, HistoryEntry, Playbook, StepResult } from './types.js';

const resultWords: Record<StepResult, string> = {
  connected: 'they answered',
  held: 'it was held',
  voicemail: 'left a voicemail',
  'no-answer': 'no answer',
  replied: 'they replied',
  bounced: 'the email bounced',
  done: 'done',
};

const outcomeWords: Record<OutcomeType, string> = {
  yes: 'they said yes',
  no: 'they said no',
  'next-step': 'a next step was agreed',
  'no-agreement': 'nothing was agreed',
};

export interface HistoryLine {
  at: number;
  event: HistoryEntry['event'];
  stepId: string | null;
  stepTitle: string | null;
  result: StepResult | null;
  outcome: OutcomeType | null;
  nextStepId: string | null;
  nextStepTitle: string | null;
  nextDueAtMs: number | null;
  /** Why the next step was moved from the time its wait gave. */
  note: string | null;
  /** The entry as one sentence or two, dates in the contact's zone. */
  summary: string;
}

function eventWords(entry: HistoryEntry, stepTitle: string | null): string {
  switch (entry.event) {
    case 'start':
      return 'Enrolled.';
    case 'result': {
      const what = [entry.result ? resultWords[entry.result] : null, entry.outcome ? outcomeWords[entry.outcome] : null].filter(Boolean).join(', ');
      return `${stepTitle ?? 'A step'}: ${what || 'logged'}.`;
    }
    case 'said-no':
      return 'They said no.';
    case 'opted-out':
      return 'They opted out.';
    case 'manual-exit':
      return 'Stopped by hand.';
    case 'booked':
      return 'They booked a time through the booking link.';
    case 'pause':
      return 'Paused.';
    case 'resume':
      return 'Resumed.';
    case 'touched':
      return 'In touch outside the series.';
    case 'tick':
      return 'Checked.';
  }
}

export function historyInWords(playbook: Playbook, history: readonly HistoryEntry[], timeZone: string): HistoryLine[] {
  const titleOf = (id: string | null | undefined): string | null => (id ? playbook.steps.find((s) => s.id === id)?.title ?? null : null);
  return history.map((entry) => {
    const stepTitle = titleOf(entry.stepId);
    const nextStepTitle = titleOf(entry.plannedStepId);
    const next = entry.plannedDueAtMs === undefined
      ? ''
      : ` ${entry.event === 'start' ? 'First step' : 'Next'}: ${nextStepTitle ?? 'the next step'}, ${spokenInstant(entry.plannedDueAtMs, timeZone)} their time.`;
    return {
      at: entry.at,
      event: entry.event,
      stepId: entry.stepId,
      stepTitle,
      result: entry.result ?? null,
      outcome: entry.outcome ?? null,
      nextStepId: entry.plannedStepId ?? null,
      nextStepTitle,
      nextDueAtMs: entry.plannedDueAtMs ?? null,
      note: entry.note ?? null,
      summary: `${eventWords(entry, stepTitle)}${next}${entry.note ? ` ${entry.note}.` : ''}`,
    };
  });
}

const exitWords: Record<string, string> = {
  replied: 'they replied',
  outcome: 'they agreed an outcome',
  'said-no': 'they said no',
  'opted-out': 'they opted out',
  'max-touches': 'it reached its most touches',
  'time-budget': 'its time budget is spent',
  manual: 'it was stopped by hand',
  'do-not-contact': 'they are not to be contacted',
  booked: 'they booked a time themselves',
};

/**
 * Where an event left an enrollment, in words, for the message after logging a touch:
 * "Voicemail series: next, Call again, 15 minutes later, Tue 8 Dec, 10:15 their time." plus why it moved.
 */
export function enrollmentMoveInWords(playbook: Playbook, state: EnrollmentState, timeZone: string): string {
  if (state.status === 'completed') return `${playbook.name} is complete.`;
  if (state.status === 'exited') return `${playbook.name} has ended: ${exitWords[state.exitReason ?? ''] ?? 'it was stopped'}.`;
  if (state.status === 'paused') return `${playbook.name} is paused.`;
  const step = playbook.steps.find((s) => s.id === state.currentStepId);
  if (!step || state.currentDueAtMs === null) return `${playbook.name} goes on.`;
  const note = state.history.at(-1)?.note;
  return `${playbook.name}: next, ${step.title}, ${spokenInstant(state.currentDueAtMs, timeZone)} their time.${note ? ` ${note}.` : ''}`;
}
