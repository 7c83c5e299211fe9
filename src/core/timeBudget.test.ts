import { describe, expect, it } from 'vitest';
import { builtinPlaybook } from './playbooks/builtins.js';
import { advance, startEnrollment } from './playbooks/engine.js';
import { defaultRules } from './playbooks/schedule.js';
import type { EngineContext } from './playbooks/types.js';
import { budgetFor, exceedsBudget, minutesInWords, timeBudget, timeBudgetInWords, touchMinutes } from './timeBudget.js';

const context = (timeBudget: { budgetMinutes: number; spentMinutes: number } | null): EngineContext => ({
  contact: { timeZone: 'Europe/London', reachable: [], doNotContact: false, timeBudget },
  rules: defaultRules,
  unagreedTouches: [],
});
const monday9 = Date.parse('2026-12-07T09:00:00Z');

describe('time budget per prospect (seed 003)', () => {
  it('a touch counts its channel\'s usual minutes unless told', () => {
    expect(touchMinutes('call')).toBe(10);
    expect(touchMinutes('voicemail')).toBe(3);
    expect(touchMinutes('meeting')).toBe(60);
    expect(touchMinutes('sms')).toBe(2);
    expect(touchMinutes('call', 25)).toBe(25);
    expect(touchMinutes('coffee', 0)).toBe(0);
  });

  it('the contact\'s own budget, else the workspace\'s, else the smallest of their playbooks\'', () => {
    expect(budgetFor({ contactMinutes: 30, workspaceMinutes: 90, playbookMinutes: [60] })).toEqual({ minutes: 30, source: 'contact' });
    expect(budgetFor({ contactMinutes: null, workspaceMinutes: 90, playbookMinutes: [60] })).toEqual({ minutes: 90, source: 'workspace' });
    expect(budgetFor({ contactMinutes: null, workspaceMinutes: null, playbookMinutes: [120, 60] })).toEqual({ minutes: 60, source: 'playbook' });
    expect(budgetFor({ contactMinutes: null, workspaceMinutes: null })).toBeNull();
  });

  it('spent and remaining, in words a salesperson reads', () => {
    const budget = timeBudget(75, { contactMinutes: 60, workspaceMinutes: null });
    expect(budget).toMatchObject({ spentMinutes: 75, budgetMinutes: 60, remainingMinutes: 0, spent: true });
    expect(timeBudgetInWords(budget)).toBe('Time spent: 1 h 15 min of the 1 h set aside for them — the budget is used up.');
    expect(timeBudgetInWords(timeBudget(5, { contactMinutes: null, workspaceMinutes: null }))).toBe('Time spent: 5 min (no time budget set).');
    expect(minutesInWords(120)).toBe('2 h');
    expect(exceedsBudget({ budgetMinutes: 30, spentMinutes: 20 }, 10)).toBe(false);
    expect(exceedsBudget({ budgetMinutes: 30, spentMinutes: 21 }, 10)).toBe(true);
    expect(exceedsBudget(null, 10_000)).toBe(false);
  });

  it('a series ends with time-budget when its next step would go past the contact\'s budget', () => {
    const playbook = builtinPlaybook('voicemail-series');
    const started = startEnrollment(playbook, context({ budgetMinutes: 15, spentMinutes: 0 }), monday9);
    expect(started.state.status).toBe('active');
    const after = advance(playbook, started.state, { type: 'result', at: monday9 + 60_000, result: 'voicemail', minutes: 8 },
      context({ budgetMinutes: 15, spentMinutes: 8 }));
    expect(after.state).toMatchObject({ status: 'exited', exitReason: 'time-budget', spentMinutes: 8 });
    expect(after.followUps).toEqual([]);
    const roomy = advance(playbook, started.state, { type: 'result', at: monday9 + 60_000, result: 'voicemail', minutes: 8 },
      context({ budgetMinutes: 600, spentMinutes: 8 }));
    expect(roomy.state.status).toBe('active');
  });
});
