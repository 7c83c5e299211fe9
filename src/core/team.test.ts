import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../test/helpers/propertyRuns.js';
import type { PromiseRow } from './insights.js';
import { currentWeekWindow, previousWeekWindow, teamRows, teamTotals, type TeamInputs, type TeamMember } from './team.js';

const ms = (iso: string): number => Date.parse(iso);
const NOW = ms('2026-03-20T12:00:00Z');
const ann: TeamMember = { userId: 'u-ann', name: 'Ann', email: 'ann@example.com', timeZone: 'Europe/London' };
const ben: TeamMember = { userId: 'u-ben', name: 'Ben', email: 'ben@example.com', timeZone: 'Pacific/Auckland' };

function promise(userId: string | null, fields: Partial<PromiseRow> = {}): PromiseRow & { userId: string | null } {
  return {
    userId, promised: true, status: 'open', channel: 'call', dueAt: '2026-03-18T09:00:00.000Z', dueLocal: '2026-03-18T09:00', timeZone: 'Europe/London',
    allDay: false, doneAt: null, fulfilledAt: null, fulfilledChannel: null, ...fields,
  };
}
const none: TeamInputs = { promises: [], overdue: [], stalled: [], noNextStep: [], touches: [] };

describe('touch windows', () => {
  it('start the week on Monday 00:00 in the member\'s own zone', () => {
    expect(currentWeekWindow(NOW, 'Europe/London')).toEqual({ week: '2026-03-16', from: ms('2026-03-16T00:00:00Z'), until: NOW });
    // Friday noon UTC is Saturday 01:00 in Auckland (NZDT, UTC+13)
    expect(currentWeekWindow(NOW, 'Pacific/Auckland')).toEqual({ week: '2026-03-16', from: ms('2026-03-15T11:00:00Z'), until: NOW });
    // Sunday 8 March 2026: New York springs forward at 02:00; Monday 9 March starts at 04:00 UTC
    expect(currentWeekWindow(ms('2026-03-09T03:59:00Z'), 'America/New_York').week).toBe('2026-03-02');
    expect(currentWeekWindow(ms('2026-03-09T04:00:00Z'), 'America/New_York').from).toBe(ms('2026-03-09T04:00:00Z'));
  });
  it('the previous week is whole, and only 167 hours across a spring-forward', () => {
    const last = previousWeekWindow(ms('2026-03-09T13:00:00Z'), 'America/New_York');
    expect(last).toEqual({ week: '2026-03-02', from: ms('2026-03-02T05:00:00Z'), until: ms('2026-03-09T04:00:00Z') });
    expect((last.until - last.from) / 3_600_000).toBe(167);
  });
});

describe('teamRows', () => {
  it('counts each member\'s own rows, and leaves out what belongs to no listed member', () => {
    const inputs: TeamInputs = {
      promises: [
        promise('u-ann', { status: 'done', doneAt: '2026-03-18T09:30:00.000Z', fulfilledAt: '2026-03-18T09:30:00.000Z', fulfilledChannel: 'call' }),
        promise('u-ann'),
        promise('u-ann', { promised: false, status: 'done', channel: 'email', doneAt: '2026-03-18T10:00:00.000Z', fulfilledAt: '2026-03-18T10:00:00.000Z', fulfilledChannel: 'call' }),
        promise('u-gone'),
        promise(null),
      ],
      overdue: [promise('u-ann'), promise('u-ben', { allDay: true, dueLocal: '2026-03-20', dueAt: '2026-03-20T00:00:00.000Z' })],
      stalled: [{ userId: 'u-ben', count: 2 }, { userId: null, count: 5 }],
      noNextStep: [{ userId: 'u-ann', count: 3 }],
      touches: [
        { userId: 'u-ann', atMs: ms('2026-03-15T23:59:00Z'), count: 4 }, { userId: 'u-ann', atMs: ms('2026-03-16T00:00:00Z'), count: 2 },
        { userId: 'u-ben', atMs: ms('2026-03-15T11:00:00Z'), count: 1 }, { userId: 'u-ben', atMs: ms('2026-03-15T10:59:00Z'), count: 7 },
      ],
    };
    const [a, b] = teamRows([ann, ben], inputs, (m) => currentWeekWindow(NOW, m.timeZone), NOW);
    expect(a).toMatchObject({ promisesDue: 2, promisesOpen: 1, late: 1, stalled: 0, noNextStep: 3, touches: 2, touchWeek: '2026-03-16' });
    expect(a?.promiseKept).toMatchObject({ numerator: 1, denominator: 2, kept: 1, openPastDue: 1 });
    expect(a?.consistency).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // Ben's all-day promise is due today in London's records but its day is not over: not late yet.
    expect(b).toMatchObject({ promisesDue: 0, late: 0, stalled: 2, noNextStep: 0, touches: 1 });
    expect(b?.promiseKept.rate).toBeNull();
  });

  it('gives a member with nothing zeros and null rates, never NaN', () => {
    const [row] = teamRows([ann], none, (m) => currentWeekWindow(NOW, m.timeZone), NOW);
    expect(row).toMatchObject({ promisesDue: 0, late: 0, touches: 0, promiseKept: { rate: null }, consistency: { rate: null } });
  });
});

describe('teamTotals', () => {
  const counts = fc.record({
    promised: fc.array(fc.constantFrom('open', 'done', 'missed', 'skipped', 'cancelled'), { maxLength: 8 }),
    stalled: fc.nat(20), idle: fc.nat(20), touches: fc.nat(50),
  });
  it('adds the rows up, and pools the rates as sums over sums', () => {
    fc.assert(fc.property(fc.array(counts, { minLength: 1, maxLength: 6 }), (people) => {
      const members = people.map((_, i) => ({ ...ann, userId: `u${i}` }));
      const inputs: TeamInputs = {
        promises: people.flatMap((p, i) => p.promised.map((status) => promise(`u${i}`, {
          status: status as PromiseRow['status'], ...(status === 'done' ? { doneAt: '2026-03-18T09:00:00.000Z', fulfilledAt: '2026-03-18T09:00:00.000Z', fulfilledChannel: 'call' as const } : {}),
        }))),
        overdue: [],
        stalled: people.map((p, i) => ({ userId: `u${i}`, count: p.stalled })),
        noNextStep: people.map((p, i) => ({ userId: `u${i}`, count: p.idle })),
        touches: people.map((p, i) => ({ userId: `u${i}`, atMs: NOW - 1, count: p.touches })),
      };
      const rows = teamRows(members, inputs, (m) => currentWeekWindow(NOW, m.timeZone), NOW);
      const totals = teamTotals(rows);
      const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
      expect(totals.promisesDue).toBe(sum((r) => r.promisesDue));
      expect(totals.stalled).toBe(people.reduce((s, p) => s + p.stalled, 0));
      expect(totals.touches).toBe(people.reduce((s, p) => s + p.touches, 0));
      expect(totals.promiseKept.numerator).toBe(sum((r) => r.promiseKept.numerator));
      expect(totals.promiseKept.denominator).toBe(sum((r) => r.promiseKept.denominator));
      const { rate } = totals.promiseKept;
      if (rate === null) expect(totals.promiseKept.denominator).toBe(0);
      else expect(rate).toBeCloseTo(totals.promiseKept.numerator / totals.promiseKept.denominator);
      expect(totals.promiseKept.kept + totals.promiseKept.skipped + totals.promiseKept.missed + totals.promiseKept.openPastDue).toBe(totals.promiseKept.denominator);
    }), { numRuns: propertyRuns(200) });
  });
});
