import { usualTouchMinutes } from '../shared/timeBudget.js';
import type { Channel } from './types.js';

/**
 * How much time a salesperson commits to each prospect (seed 003: "how much time you'll commit to
 * following up with each prospect"): minutes per touch, a budget per contact, and when it is spent.
 */

export const MAX_TOUCH_MINUTES = 24 * 60;
export const MAX_BUDGET_MINUTES = 100_000;

/** The minutes a touch counts for: what was said, else its channel's usual time. */
export function touchMinutes(channel: Channel, given?: number | null): number {
  return given ?? usualTouchMinutes[channel];
}

export type TimeBudgetSource = 'contact' | 'workspace' | 'playbook';

export interface TimeBudget {
  spentMinutes: number;
  /** null: no budget set anywhere, time is only counted. */
  budgetMinutes: number | null;
  source: TimeBudgetSource | null;
  remainingMinutes: number | null;
  /** The budget is used up: no more planned work for this contact. */
  spent: boolean;
}

export interface BudgetSettings {
  /** The contact's own budget, if one was set. */
  contactMinutes: number | null;
  /** The workspace's default for every contact. */
  workspaceMinutes: number | null;
  /** Budgets of the playbooks the contact is enrolled in now (the smallest applies). */
  playbookMinutes?: readonly number[];
}

/** The contact's budget: their own, else the workspace's default, else their playbook's while enrolled. */
export function budgetFor(settings: BudgetSettings): { minutes: number; source: TimeBudgetSource } | null {
  if (settings.contactMinutes !== null) return { minutes: settings.contactMinutes, source: 'contact' };
  if (settings.workspaceMinutes !== null) return { minutes: settings.workspaceMinutes, source: 'workspace' };
  const playbooks = settings.playbookMinutes ?? [];
  return playbooks.length > 0 ? { minutes: Math.min(...playbooks), source: 'playbook' } : null;
}

export function timeBudget(spentMinutes: number, settings: BudgetSettings): TimeBudget {
  const budget = budgetFor(settings);
  if (!budget) return { spentMinutes, budgetMinutes: null, source: null, remainingMinutes: null, spent: false };
  return {
    spentMinutes,
    budgetMinutes: budget.minutes,
    source: budget.source,
    remainingMinutes: Math.max(0, budget.minutes - spentMinutes),
    spent: spentMinutes >= budget.minutes,
  };
}

/** Whether one more piece of work of this length would go past the contact's budget. */
export function exceedsBudget(budget: { budgetMinutes: number; spentMinutes: number } | null | undefined, nextMinutes: number): boolean {
  return budget ? budget.spentMinutes + nextMinutes > budget.budgetMinutes : false;
}

/** "45 of 60 minutes", "1 h 30 min of 2 h": time as a salesperson reads it. */
export function minutesInWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** One line for the contact page and the agenda: "Time spent: 45 min of the 1 h you set aside." */
export function timeBudgetInWords(budget: TimeBudget): string {
  if (budget.budgetMinutes === null) return `Time spent: ${minutesInWords(budget.spentMinutes)} (no time budget set).`;
  const from = budget.source === 'contact' ? 'set aside for them' : budget.source === 'workspace' ? 'your team sets aside per contact' : 'their playbook allows';
  const line = `Time spent: ${minutesInWords(budget.spentMinutes)} of the ${minutesInWords(budget.budgetMinutes)} ${from}`;
  return budget.spent ? `${line} — the budget is used up.` : `${line}.`;
}
