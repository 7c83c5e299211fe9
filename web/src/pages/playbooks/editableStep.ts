import { idFromTitle, type PlaybookStep } from '../../playbooks.js';

/** A playbook's step as the editor holds it: every field a string, as the inputs give it. */
export interface EditableStep {
  id: string; type: string; channel: string; title: string; script: string; voicemailScript: string; subject: string; body: string;
  waitAmount: string; waitUnit: string; branches: Record<string, string>; next: string; estimatedMinutes: string;
  /** A step added here: its id follows its title until saved. */
  autoId: boolean;
}

export const toEditable = (s: PlaybookStep, i: number): EditableStep => {
  const template = s.template as { subject?: string; body?: string } | undefined;
  const wait = (s.wait ?? {}) as { amount?: number; unit?: string };
  return {
    id: s.id ?? `step-${i + 1}`, type: String(s.type ?? s.kind ?? 'call'), channel: String(s.channel ?? 'call'), title: String(s.title ?? s.name ?? ''),
    script: s.script ?? '', voicemailScript: s.voicemailScript ?? '', subject: template?.subject ?? '', body: template?.body ?? '',
    waitAmount: String(wait.amount ?? 0), waitUnit: wait.unit ?? 'business-days',
    branches: { ...((s.branches ?? {}) as Record<string, string>) }, next: String(s.next ?? 'end'), estimatedMinutes: String(s.estimatedMinutes ?? 5),
    autoId: false,
  };
};

/** A new step's id follows its title; every branch that pointed at the old id follows too. */
export function retitle(steps: EditableStep[], i: number, title: string): EditableStep[] {
  const step = steps[i];
  if (!step) return steps;
  if (!step.autoId) return steps.map((s, j) => (j === i ? { ...s, title } : s));
  const id = idFromTitle(title, steps.filter((_, j) => j !== i).map((s) => s.id), `step-${i + 1}`);
  const follow = (target: string) => (target === step.id ? id : target);
  return steps.map((s, j) => ({
    ...s,
    ...(j === i ? { title, id } : {}),
    next: follow(s.next),
    branches: Object.fromEntries(Object.entries(s.branches).map(([k, v]) => [k, follow(v)])),
  }));
}

export const fromEditable = (s: EditableStep) => ({
  id: s.id.trim(), type: s.type, channel: s.channel, title: s.title.trim(),
  ...(s.script.trim() ? { script: s.script } : {}),
  ...(s.type === 'call' && s.voicemailScript.trim() ? { voicemailScript: s.voicemailScript } : {}),
  ...(s.type === 'email' ? { template: { subject: s.subject, body: s.body } } : {}),
  wait: { amount: Number(s.waitAmount) || 0, unit: s.waitUnit },
  branches: Object.fromEntries(Object.entries(s.branches).filter(([, v]) => v)),
  next: s.next || 'end',
  estimatedMinutes: Number(s.estimatedMinutes) || 0,
});
