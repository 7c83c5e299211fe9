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
  template?: unknown;
  branches?: unknown;
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
  createdAt?: string;
  [extra: string]: unknown;
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

/** "Call 2: second voicemail" or the step number, whatever shape the API gives. */
export function currentStepText(step: Enrollment['currentStep']): string | null {
  if (step === null || step === undefined) return null;
  if (typeof step === 'number') return `step ${step + 1}`;
  if (typeof step === 'string') return `step ${step}`;
  return step.title ? `next: ${step.title}` : `step ${step.id}`;
}

export const playbookLabel = (p: Playbook): string => p.name || p.key || 'Playbook';
export const isBuiltIn = (p: Playbook): boolean => !!(p.builtIn ?? p.builtin ?? false);
export const stepName = (s: PlaybookStep, index: number): string => s.name ?? s.title ?? s.key ?? `Step ${index + 1}`;
export const stepKind = (s: PlaybookStep): string => String(s.kind ?? s.type ?? s.channel ?? 'step');
