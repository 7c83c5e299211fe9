/** Terse constructors for the built-in playbooks' steps. */

import type { BranchKey, EmailTemplate, Step, StepTarget, Wait } from '../types.js';

export const now: Wait = { amount: 0, unit: 'minutes' };
export const businessDays = (amount: number): Wait => ({ amount, unit: 'business-days' });
export const minutes = (amount: number): Wait => ({ amount, unit: 'minutes' });

interface StepSpec {
  id: string;
  title: string;
  next: StepTarget;
  wait?: Wait;
  branches?: Partial<Record<BranchKey, StepTarget>>;
  minutes?: number;
}

/** A call; with a voicemailScript, the message to leave when it reaches voicemail travels with it. */
export function call(spec: StepSpec & { script: string; voicemailScript?: string }): Step {
  return {
    id: spec.id, type: 'call', channel: 'call', title: spec.title, script: spec.script,
    ...(spec.voicemailScript === undefined ? {} : { voicemailScript: spec.voicemailScript }),
    wait: spec.wait ?? now, branches: spec.branches ?? {}, next: spec.next, estimatedMinutes: spec.minutes ?? 10,
  };
}

/** Left in the call that reached the voicemail box, so it has no wait of its own. */
export function voicemail(spec: Omit<StepSpec, 'wait'> & { script: string }): Step {
  return {
    id: spec.id, type: 'voicemail', channel: 'voicemail', title: spec.title, script: spec.script,
    wait: now, branches: spec.branches ?? {}, next: spec.next, estimatedMinutes: spec.minutes ?? 2,
  };
}

/** Every automated email ends with who sends it and how to stop it (see compliance.ts). */
export const AUTOMATED_MAIL_FOOTER = '\n\n--\n{{sender.postalAddress}}\nNot the right time? One click and these emails stop: {{unsubscribeUrl}}';

export function email(spec: StepSpec & { template: EmailTemplate }): Step {
  return {
    id: spec.id, type: 'email', channel: 'email', title: spec.title, template: { ...spec.template, body: `${spec.template.body}${AUTOMATED_MAIL_FOOTER}` },
    wait: spec.wait ?? now, branches: spec.branches ?? {}, next: spec.next, estimatedMinutes: spec.minutes ?? 10,
  };
}

/** Work for the salesperson that does not reach the contact. */
export function task(spec: StepSpec & { script: string }): Step {
  return {
    id: spec.id, type: 'task', channel: 'other', title: spec.title, script: spec.script,
    wait: spec.wait ?? now, branches: spec.branches ?? {}, next: spec.next, estimatedMinutes: spec.minutes ?? 5,
  };
}

export const lines = (...parts: string[]): string => parts.join('\n');
