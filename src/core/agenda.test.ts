import { describe, expect, it } from 'vitest';
import { buildChecklist, buildOpener, classifyAgenda } from './agenda.js';
import type { FollowUp } from './types.js';

const ZONE = 'America/New_York';

function followUp(fields: Partial<FollowUp> & Pick<FollowUp, 'id' | 'dueAt'>): FollowUp {
  return {
    workspaceId: 'w', contactId: 'c', opportunityId: null, userId: 'u', kind: 'next-step', channel: 'call',
    dueLocal: '2026-03-01T10:00', timeZone: ZONE, allDay: false, agenda: null, progress: null, promised: false,
    source: 'manual', status: 'open', statusReason: null, enrollmentId: null, stepId: null, touchNumber: 1,
    createdAt: '2026-02-01T00:00:00.000Z', doneAt: null, ...fields,
  };
}

describe('buildChecklist', () => {
  const item = followUp({ id: 'f', dueAt: '2026-03-02T15:00:00.000Z' });

  it('asks how their company buys when we do not know it yet, before agreeing the plan', () => {
    for (const buyingProcess of [null, '', '   ']) {
      const checklist = buildChecklist(item, { interests: [], buyingProcess }, null);
      expect(checklist).toHaveLength(5);
      expect(checklist[3]).toBe('Ask how their company buys: who decides, what approval it needs.');
      expect(checklist[4]).toMatch(/^Agree the plan together/);
    }
  });

  it('keeps the four questions when we know how they buy', () => {
    const checklist = buildChecklist(item, { interests: [], buyingProcess: 'CFO signs anything over $10k' }, null);
    expect(checklist).toHaveLength(4);
    expect(checklist.join(' ')).not.toContain('how their company buys');
  });
});

describe('classifyAgenda: what you owe them comes first', () => {
  it('orders overdue items: late promises you owe, then promises they asked for, then the rest, each by due', () => {
    const unpromised = followUp({ id: 'a', dueAt: '2026-02-20T15:00:00.000Z' });
    const agreed = followUp({ id: 'b', dueAt: '2026-02-21T15:00:00.000Z', promised: true, source: 'agreement' });
    const owedLater = followUp({ id: 'c', dueAt: '2026-02-25T15:00:00.000Z', promised: true, kind: 'owed' });
    const owedEarlier = followUp({ id: 'd', dueAt: '2026-02-24T15:00:00.000Z', promised: true, kind: 'owed' });
    const { overdue } = classifyAgenda([unpromised, agreed, owedLater, owedEarlier], '2026-03-02', ZONE, '2026-03-02');
    expect(overdue.map((entry) => entry.followUp.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('leaves the day\'s own items in time order: only late promises jump the queue', () => {
    const owed = followUp({ id: 'o', dueAt: '2026-03-02T20:00:00.000Z', promised: true, kind: 'owed' });
    const call = followUp({ id: 'p', dueAt: '2026-03-02T15:00:00.000Z' });
    const { today } = classifyAgenda([owed, call], '2026-03-02', ZONE, '2026-03-02');
    expect(today.map((entry) => entry.followUp.id)).toEqual(['p', 'o']);
  });
});

describe('buildOpener for something you owe them', () => {
  const owed = followUp({ id: 'o', dueAt: '2026-03-04T05:00:00.000Z', dueLocal: '2026-03-04', allDay: true, kind: 'owed', promised: true, agenda: 'the SOC 2 report' });
  const kim = { name: 'Kim Lee', interests: [] };

  it('leads with what you promised them, on the day', () => {
    expect(buildOpener(owed, kim, null, Date.parse('2026-03-04T15:00:00Z'))).toBe('Hi Kim, as promised, here is the SOC 2 report.');
  });

  it('owns the delay when it is late', () => {
    expect(buildOpener(owed, kim, null, Date.parse('2026-03-06T15:00:00Z')))
      .toBe("Hi Kim, I promised you the SOC 2 report by Wednesday 4 March; I'm sorry it is late. Here it is.");
  });
});
