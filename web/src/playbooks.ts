import { useQuery } from '@tanstack/react-query';
import { api, isMissing, query, type FollowUp, type Page } from './api.js';

/**
 * Playbooks and enrollments as API.md describes them. The web app reads them defensively: the
 * endpoints may not exist yet on this server (404), and fields beyond the contract are optional.
 */
export interface PlaybookStep {
  id?: string;
  key?: string;
  name?: string;
  title?: string;
  kind?: string;
  type?: string;
  channel?: string;
  wait?: unknown;
  script?: string | null;
  /** Calls: the message to leave when the call reaches voicemail. */
  voicemailScript?: string | null;
  template?: unknown;
  branches?: unknown;
  next?: string;
  [extra: string]: unknown;
}

export interface Playbook {
  id: string;
  key?: string | null;
  name: string;
  description?: string | null;
  kind?: string | null;
  builtIn?: boolean;
  builtin?: boolean;
  steps?: PlaybookStep[];
  maxTouches?: number | null;
  timeBudgetMinutes?: number | null;
  exitOn?: string[];
  [extra: string]: unknown;
}

export interface Enrollment {
  id: string;
  contactId?: string;
  playbookId?: string;
  playbookKey?: string | null;
  playbookName?: string | null;
  state: string;
  currentStep?: { id: string; title?: string; type?: string; channel?: string } | number | string | null;
  touches?: number;
  exitReason?: string | null;
  nextFollowUp?: FollowUp | null;
  history?: EnrollmentHistoryEntry[];
  createdAt?: string;
  [extra: string]: unknown;
}

export interface EnrollmentHistoryEntry {
  at: string;
  event: string;
  note: string | null;
  /** The entry in words, dates in the contact's zone. */
  summary: string;
}

export type Availability<T> = { available: true; value: T } | { available: false };

/** A GET that answers "not available yet" instead of failing when the endpoint does not exist. */
export async function optional<T>(path: string): Promise<Availability<T>> {
  try {
    return { available: true, value: await api.get<T>(path) };
  } catch (error) {
    if (isMissing(error)) return { available: false };
    throw error;
  }
}

export function usePlaybooks() {
  return useQuery({ queryKey: ['playbooks'], queryFn: () => optional<Page<Playbook>>('/playbooks'), staleTime: 60_000 });
}

export function useEnrollments(contactId: string) {
  return useQuery({ queryKey: ['enrollments', contactId], queryFn: () => optional<Page<Enrollment>>(`/enrollments${query({ contactId })}`) });
}

/** "next: Call again, 15 minutes later", or the step number: never an internal id. */
export function currentStepText(step: Enrollment['currentStep']): string | null {
  if (step === null || step === undefined) return null;
  if (typeof step === 'number') return `step ${step + 1}`;
  if (typeof step === 'string') return null;
  return step.title ? `next: ${step.title}` : null;
}

/** What a result means, as the branch list reads it: "If you leave a voicemail: …". */
export const branchWords: Record<string, string> = {
  voicemail: 'you leave a voicemail',
  'no-answer': 'there is no answer',
  connected: 'they answer',
  replied: 'they reply',
  bounced: 'the email bounces',
  done: 'it is done',
};

export const END_STEP = 'end';

/** A step target in words: the target step's title, or the end of the series. */
export function targetText(target: string, steps: PlaybookStep[]): string {
  if (target === END_STEP) return 'the series ends';
  const index = steps.findIndex((s) => s.id === target);
  const step = steps[index];
  return step ? stepName(step, index) : 'a step that no longer exists';
}

/** An id for a new step or playbook from its title: "Call after the show" → "call-after-the-show", unique among `taken`. */
export function idFromTitle(title: string, taken: Iterable<string>, fallback: string): string {
  const base = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || fallback;
  const used = new Set(taken);
  if (base !== END_STEP && !used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export const playbookLabel = (p: Playbook): string => p.name || p.key || 'Playbook';
export const isBuiltIn = (p: Playbook): boolean => !!(p.builtIn ?? p.builtin ?? false);
export const stepName = (s: PlaybookStep, index: number): string => s.name ?? s.title ?? s.key ?? `Step ${index + 1}`;
export const stepKind = (s: PlaybookStep): string => String(s.kind ?? s.type ?? s.channel ?? 'step');
