import { describe, expect, it } from 'vitest';
import {
  buildChecklist, buildOpener, classifyAgenda, contactLocalTime, firstName, knownBuyingProcess, reachableNow,
} from './agenda.js';
import { suggestOpener } from './playbooks/coach.js';
import type { FollowUp, Interaction } from './types.js';

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

describe('classifyAgenda: which day an item belongs to, in the user\'s zone', () => {
  const ids = (entries: { followUp: FollowUp }[]) => entries.map((entry) => entry.followUp.id);
  // Monday 2 March in New York runs from 05:00 UTC on the 2nd to 05:00 UTC on the 3rd.
  const early = followUp({ id: 'early', dueAt: '2026-03-02T05:00:00.000Z' });
  const late = followUp({ id: 'late', dueAt: '2026-03-03T04:59:00.000Z' });
  const before = followUp({ id: 'before', dueAt: '2026-03-02T04:59:00.000Z' });
  const after = followUp({ id: 'after', dueAt: '2026-03-03T05:00:00.000Z' });

  it('puts a timed item on the day its instant falls in, the backlog before it in overdue, and later ones nowhere', () => {
    const { overdue, today } = classifyAgenda([after, late, before, early], '2026-03-02', ZONE, '2026-03-02');
    expect(ids(today)).toEqual(['early', 'late']);
    expect(ids(overdue)).toEqual(['before']);
    expect(today.every((entry) => !entry.overdue)).toBe(true);
    expect(overdue.every((entry) => entry.overdue)).toBe(true);
  });

  it('keeps an all-day item on its own date wherever the user is', () => {
    const allDay = (id: string, dueLocal: string) => followUp({ id, dueLocal, allDay: true, dueAt: `${dueLocal}T00:00:00.000Z`, timeZone: 'Asia/Tokyo' });
    const { overdue, today } = classifyAgenda(
      [allDay('yesterday', '2026-03-01'), allDay('on', '2026-03-02'), allDay('tomorrow', '2026-03-03')], '2026-03-02', ZONE, '2026-03-02',
    );
    expect(ids(today)).toEqual(['on']);
    expect(ids(overdue)).toEqual(['yesterday']);
  });

  it('leaves out what is no longer open', () => {
    const done = followUp({ id: 'done', dueAt: '2026-03-02T15:00:00.000Z', status: 'done' });
    const cancelled = followUp({ id: 'cancelled', dueAt: '2026-02-02T15:00:00.000Z', status: 'cancelled' });
    expect(classifyAgenda([done, cancelled], '2026-03-02', ZONE, '2026-03-02')).toEqual({ overdue: [], today: [] });
  });

  it('shows a later day\'s own items, none overdue and without the backlog', () => {
    const { overdue, today } = classifyAgenda([before, early, after], '2026-03-03', ZONE, '2026-03-02');
    expect(ids(today)).toEqual(['after']);
    expect(today[0]?.overdue).toBe(false);
    expect(overdue).toEqual([]);
  });

  it('shows a past day\'s items still open, each overdue, and leaves the older backlog to today', () => {
    const { overdue, today } = classifyAgenda([before, early], '2026-03-02', ZONE, '2026-03-05');
    expect(ids(today)).toEqual(['early']);
    expect(today[0]?.overdue).toBe(true);
    expect(overdue).toEqual([]);
  });

  it('orders items due at the same moment by id, so the list is stable', () => {
    const b = followUp({ id: 'b', dueAt: '2026-03-02T15:00:00.000Z' });
    const a = followUp({ id: 'a', dueAt: '2026-03-02T15:00:00.000Z' });
    expect(ids(classifyAgenda([b, a], '2026-03-02', ZONE, '2026-03-02').today)).toEqual(['a', 'b']);
  });
});

describe('buildOpener for a follow-up they asked for', () => {
  const agreed = followUp({ id: 'f', dueAt: '2026-03-02T15:00:00.000Z', dueLocal: '2026-03-02T10:00', promised: true, source: 'agreement', agenda: 'the pilot' });
  const dana = { name: 'Dana Lee', interests: ['onboarding time'] };
  const spoke = (occurredAt: string) => ({ occurredAt, changed: null, notes: null }) as Interaction;
  const onTheDay = Date.parse('2026-03-02T15:00:00Z');

  it('reminds them they asked for it, on the day, with what it is about', () => {
    expect(buildOpener(agreed, dana, null, onTheDay)).toBe('Hi Dana, you asked me to get back to you today about the pilot, so here I am as promised.');
    expect(buildOpener({ ...agreed, agenda: null }, dana, null, onTheDay)).toBe('Hi Dana, you asked me to get back to you today, so here I am as promised.');
  });

  it('says when they spoke, and how long ago once it is more than a day', () => {
    expect(buildOpener(agreed, dana, spoke('2026-03-01T15:00:00Z'), onTheDay))
      .toBe('Hi Dana, you asked me when we spoke on Sunday 1 March to get back to you today about the pilot, so here I am as promised.');
    expect(buildOpener(agreed, dana, spoke('2026-02-20T15:00:00Z'), onTheDay)).toMatch(/^Hi Dana, hard to believe it's been 10 days since we spoke\. You asked me when we spoke on Friday 20 February/);
    expect(buildOpener(agreed, dana, spoke('2026-02-02T15:00:00Z'), onTheDay)).toMatch(/^Hi Dana, time flies: 4 weeks since we spoke\. You asked me/);
    expect(buildOpener(agreed, dana, spoke('2025-12-02T15:00:00Z'), onTheDay)).toMatch(/^Hi Dana, time flies: about 3 months since we spoke\. You asked me/);
  });

  it('owns the delay when it is late, counts the time to the day of the call, and adds the progress since', () => {
    const withProgress = { ...agreed, progress: 'the new import is live' };
    expect(buildOpener(withProgress, dana, spoke('2026-02-20T15:00:00Z'), Date.parse('2026-03-04T15:00:00Z'))).toBe(
      "Hi Dana, hard to believe it's been 12 days since we spoke. You asked me when we spoke on Friday 20 February to get back to you on Monday 2 March about the pilot; I'm sorry this is late. Since then: the new import is live.",
    );
  });

  it('leads with what is new for them when nothing was agreed, as the coach suggests', () => {
    const planned = { ...agreed, promised: false, source: 'manual' as const };
    const opener = buildOpener(planned, dana, spoke('2026-02-20T15:00:00Z'), onTheDay);
    expect(opener).toBe(suggestOpener({ interests: dana.interests, agenda: 'the pilot', progress: null, firstName: 'Dana' }));
    expect(opener).not.toMatch(/checking in|touch base|asked me/i);
  });

  it('names what was owed in general words when the promise did not say', () => {
    const owed = followUp({ id: 'o', dueAt: '2026-03-02T15:00:00.000Z', dueLocal: '2026-03-02T10:00', kind: 'owed', promised: true });
    expect(buildOpener(owed, dana, null, onTheDay)).toBe('Hi Dana, as promised, here is what I promised you.');
  });
});

describe('buildChecklist with what we know', () => {
  const item = followUp({ id: 'f', dueAt: '2026-03-02T15:00:00.000Z', agenda: 'the pilot' });
  const last = { occurredAt: '2026-02-20T03:00:00.000Z', changed: 'budget approved', notes: 'talked pricing' } as Interaction;
  const known = { interests: ['onboarding time', 'price'], buyingProcess: 'CFO signs' };

  it('fills the questions with the last conversation (its date in the contact\'s zone), the agenda and their interests', () => {
    expect(buildChecklist(item, known, last)).toEqual([
      'What has changed since we last spoke? (last spoke 2026-02-19; then: budget approved)',
      'Does it affect what we discussed: the pilot?',
      'Where does interest remain? (they care about: onboarding time, price)',
      'Agree the plan together: yes, no, or a next step with the date, time and channel they choose.',
    ]);
  });

  it('falls back from the agenda to the last notes, then to plain words', () => {
    expect(buildChecklist({ ...item, agenda: null }, known, last)[1]).toBe('Does it affect what we discussed: talked pricing?');
    expect(buildChecklist({ ...item, agenda: null }, known, null)[1]).toBe('Does it affect what we discussed: what we discussed?');
    expect(buildChecklist(item, { ...known, interests: [] }, null).slice(0, 3)).toEqual([
      'What has changed since we last spoke?', 'Does it affect what we discussed: the pilot?', 'Where does interest remain?',
    ]);
  });
});

describe('the small facts of an agenda item', () => {
  it('firstName: the first word of the name', () => {
    expect(firstName('Kim Lee')).toBe('Kim');
    expect(firstName('  Ana   María López ')).toBe('Ana');
    expect(firstName('Cher')).toBe('Cher');
  });

  it('knownBuyingProcess: the note, or null while it says nothing', () => {
    expect(knownBuyingProcess({ buyingProcess: 'CFO signs' })).toBe('CFO signs');
    for (const buyingProcess of [null, '', '  \n ']) expect(knownBuyingProcess({ buyingProcess })).toBeNull();
  });

  it('contactLocalTime: the due time in the contact\'s zone, or "all day"', () => {
    expect(contactLocalTime(followUp({ id: 'f', dueAt: '2026-03-02T15:00:00.000Z' }))).toBe('10:00');
    expect(contactLocalTime(followUp({ id: 'f', dueAt: '2026-03-02T15:00:00.000Z', timeZone: 'Asia/Kolkata' }))).toBe('20:30');
    expect(contactLocalTime(followUp({ id: 'f', dueAt: '2026-03-02T05:00:00.000Z', allDay: true, dueLocal: '2026-03-02' }))).toBe('all day');
  });

  it('reachableNow: whether now falls in one of the contact\'s windows, in their zone', () => {
    const office = { timeZone: ZONE, reachable: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] };
    expect(reachableNow(office, Date.parse('2026-03-02T15:00:00Z'))).toBe(true); // Monday 10:00
    expect(reachableNow(office, Date.parse('2026-03-02T23:00:00Z'))).toBe(false); // Monday 18:00
    expect(reachableNow(office, Date.parse('2026-03-07T15:00:00Z'))).toBe(false); // Saturday
  });
});
