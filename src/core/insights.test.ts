import { describe, expect, it } from 'vitest';
import {
  agreedDayBounds, consistency, isConnect, isOverdueAt, isReply, localHourOf, overdueCount, overdueTrend, promiseKept, promiseVerdict,
  rateOf, ratesByChannel, ratesByLocalHour, ratesByStep, resolvePeriod, touchesToClose, touchRates, weekOf, weeklyRates, weeksOf,
  type OverdueRow, type PromiseRow, type StepLabel, type TimedTouchGroup,
} from './insights.js';
import { pathOf } from '../../test/helpers/appErrors.js';

const ms = (iso: string): number => Date.parse(iso);

/** A promise agreed for 10:00 on Tuesday 10 March 2026 in Los Angeles (PDT, UTC−7: DST began on the 8th). */
function promise(fields: Partial<PromiseRow> = {}): PromiseRow {
  return {
    promised: true, status: 'open', channel: 'call',
    dueAt: '2026-03-10T17:00:00.000Z', dueLocal: '2026-03-10T10:00', timeZone: 'America/Los_Angeles', allDay: false,
    doneAt: null, fulfilledAt: null, fulfilledChannel: null,
    ...fields,
  };
}
const doneAt = (iso: string, channel: PromiseRow['channel'] = 'call'): Partial<PromiseRow> => ({ status: 'done', doneAt: iso, fulfilledAt: iso, fulfilledChannel: channel });

describe('rateOf', () => {
  it('divides, and is null (not 0) when nothing was counted', () => {
    expect(rateOf(1, 4)).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(rateOf(0, 3)).toEqual({ numerator: 0, denominator: 3, rate: 0 });
    expect(rateOf(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
  });
});

describe('resolvePeriod', () => {
  it('defaults to the 90 days ending today, today included', () => {
    expect(resolvePeriod({}, '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
  it('runs a lone from to today, and a lone to back 90 days', () => {
    expect(resolvePeriod({ from: '2026-03-01' }, '2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(resolvePeriod({ to: '2024-03-30' }, '2026-03-31')).toEqual({ from: '2024-01-01', to: '2024-03-30' });
    expect(resolvePeriod({ from: '2026-03-05', to: '2026-03-05' }, '2026-03-31')).toEqual({ from: '2026-03-05', to: '2026-03-05' });
  });
  it('names the field that is wrong', () => {
    expect(pathOf(() => resolvePeriod({ from: '2026-02-30' }, '2026-03-31'))).toBe('from');
    expect(pathOf(() => resolvePeriod({ to: '2026-13-01' }, '2026-03-31'))).toBe('to');
    expect(pathOf(() => resolvePeriod({ to: '0001-01-01' }, '2026-03-31'))).toBe('to');
    expect(pathOf(() => resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, '2026-03-31'))).toBe('from');
    expect(pathOf(() => resolvePeriod({ from: '2024-01-01', to: '2026-01-01' }, '2026-03-31'))).toBe('from'); // 732 days
    expect(resolvePeriod({ from: '2024-01-01', to: '2025-12-31' }, '2026-03-31')).toEqual({ from: '2024-01-01', to: '2025-12-31' }); // 731
  });
});

describe('agreedDayBounds', () => {
  it('widens the UTC days by one either side, enough for every zone', () => {
    expect(agreedDayBounds('2026-03-01', '2026-03-11')).toEqual({ from: '2026-02-28T00:00:00.000Z', until: '2026-03-12T00:00:00.000Z' });
  });
});

describe('promiseVerdict: kept means on the agreed day in the zone it was agreed in', () => {
  const now = ms('2026-04-01T00:00:00Z');
  it.each([
    ['kept, later that day', '2026-03-10T22:00:00Z', 'kept'],
    ['kept at 23:00 their time, already the 11th in UTC', '2026-03-11T06:00:00Z', 'kept'],
    ['late at 00:30 their time on the 11th', '2026-03-11T07:30:00Z', 'late'],
    ['early on the 9th', '2026-03-09T20:00:00Z', 'early'],
  ] as const)('%s', (_name, at, verdict) => {
    expect(promiseVerdict(promise(doneAt(at)), now)).toBe(verdict);
  });
  it('an open promise is pending until its day is over, then past due', () => {
    expect(promiseVerdict(promise(), ms('2026-03-11T06:59:59Z'))).toBe('pending');
    expect(promiseVerdict(promise(), ms('2026-03-11T07:00:00Z'))).toBe('open-past-due');
  });
  it('an all-day promise is kept any time that day', () => {
    const allDay = { dueAt: '2026-03-10T07:00:00.000Z', dueLocal: '2026-03-10', allDay: true };
    expect(promiseVerdict(promise({ ...allDay, ...doneAt('2026-03-11T06:30:00Z') }), now)).toBe('kept');
    expect(promiseVerdict(promise({ ...allDay, ...doneAt('2026-03-11T07:30:00Z') }), now)).toBe('late');
  });
  it('uses the fulfilling touch, else done_at; missed and skipped are broken; cancelled is not counted', () => {
    expect(promiseVerdict(promise({ status: 'done', doneAt: '2026-03-10T18:00:00Z', fulfilledAt: null }), now)).toBe('kept');
    expect(promiseVerdict(promise({ status: 'done', doneAt: null }), now)).toBe('not-counted');
    expect(promiseVerdict(promise({ status: 'missed' }), now)).toBe('missed');
    expect(promiseVerdict(promise({ status: 'skipped', doneAt: '2026-03-09T10:00:00Z' }), now)).toBe('skipped');
    expect(promiseVerdict(promise({ status: 'cancelled', doneAt: '2026-03-09T10:00:00Z' }), now)).toBe('not-counted');
  });
});

describe('promiseKept and consistency', () => {
  const now = ms('2026-03-11T12:00:00Z'); // the 10th is over in Los Angeles
  const rows: PromiseRow[] = [
    promise(doneAt('2026-03-10T17:05:00Z')), // kept, by call
    promise(doneAt('2026-03-10T20:00:00Z', 'email')), // kept, wrong channel
    promise(doneAt('2026-03-12T17:00:00Z')), // late
    promise(doneAt('2026-03-09T17:00:00Z')), // early
    promise(), // open past due
    promise({ channel: 'meeting' }), // open past due
    promise({ status: 'missed' }),
    promise({ status: 'skipped' }),
    promise({ status: 'cancelled' }), // not counted
    promise({ dueAt: '2026-03-12T17:00:00.000Z', dueLocal: '2026-03-12T10:00' }), // pending
    promise({ promised: false, ...doneAt('2026-03-10T17:00:00Z', 'email') }), // not a promise: consistency only
    promise({ promised: false }),
  ];
  it('counts kept against every promise whose fate is known', () => {
    expect(promiseKept(rows, now)).toEqual({
      numerator: 2, denominator: 8, rate: 0.25, kept: 2, early: 1, late: 1, missed: 1, skipped: 1, openPastDue: 2, pending: 1,
    });
  });
  it('consistency: done follow-ups (promised or not) through the agreed channel', () => {
    expect(consistency(rows)).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    expect(consistency([promise({ status: 'done', doneAt: '2026-03-10T18:00:00Z', fulfilledChannel: null })])).toEqual({ numerator: 0, denominator: 0, rate: null });
  });
  it('is empty, not zero, with no promises', () => {
    expect(promiseKept([], now)).toMatchObject({ numerator: 0, denominator: 0, rate: null });
  });
});

describe('weeks', () => {
  it('start on Monday', () => {
    expect(weekOf('2026-03-08')).toBe('2026-03-02'); // Sunday
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
    expect(weekOf('2026-03-11')).toBe('2026-03-09');
    expect(weeksOf('2026-03-04', '2026-03-16')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(weeksOf('2025-12-29', '2026-01-04')).toEqual(['2025-12-29']);
  });
  it('weeklyRates buckets promises by the week of their agreed day', () => {
    const rows = [
      promise(doneAt('2026-03-10T17:00:00Z')),
      promise({ dueAt: '2026-03-03T17:00:00.000Z', dueLocal: '2026-03-03T10:00', ...doneAt('2026-03-04T17:00:00Z', 'email') }),
      promise({ dueLocal: '2026-05-03T10:00' }), // outside the weeks asked for
    ];
    expect(weeklyRates(rows, ['2026-03-02', '2026-03-09', '2026-03-16'], ms('2026-03-20T00:00:00Z'))).toEqual([
      { week: '2026-03-02', promiseKept: { numerator: 0, denominator: 1, rate: 0 }, consistency: { numerator: 0, denominator: 1, rate: 0 } },
      { week: '2026-03-09', promiseKept: { numerator: 1, denominator: 1, rate: 1 }, consistency: { numerator: 1, denominator: 1, rate: 1 } },
      { week: '2026-03-16', promiseKept: { numerator: 0, denominator: 0, rate: null }, consistency: { numerator: 0, denominator: 0, rate: null } },
    ]);
  });
});

describe('overdue', () => {
  const timed = (dueAt: string, fields: Partial<OverdueRow> = {}): OverdueRow => ({
    status: 'open', dueAt, dueLocal: '', timeZone: 'Europe/London', allDay: false, doneAt: null, ...fields,
  });
  it('a timed follow-up is overdue from its instant until it is closed', () => {
    const row = timed('2026-03-03T10:00:00.000Z', { status: 'done', doneAt: '2026-03-05T09:00:00.000Z' });
    expect(isOverdueAt(row, ms('2026-03-03T10:00:00Z'))).toBe(false);
    expect(isOverdueAt(row, ms('2026-03-03T10:00:01Z'))).toBe(true);
    expect(isOverdueAt(row, ms('2026-03-05T09:00:00Z'))).toBe(false);
  });
  it('an all-day one once its day is over in its zone', () => {
    const row = timed('2026-03-10T07:00:00.000Z', { dueLocal: '2026-03-10', timeZone: 'America/Los_Angeles', allDay: true });
    expect(isOverdueAt(row, ms('2026-03-11T06:59:00Z'))).toBe(false);
    expect(isOverdueAt(row, ms('2026-03-11T07:01:00Z'))).toBe(true);
  });
  it('one closed without an instant was never overdue', () => {
    expect(isOverdueAt(timed('2026-03-03T10:00:00.000Z', { status: 'cancelled' }), ms('2026-03-04T00:00:00Z'))).toBe(false);
  });
  it('the trend measures at each week end, the period end or now, and skips weeks not yet begun', () => {
    const rows = [
      timed('2026-03-03T10:00:00.000Z', { status: 'done', doneAt: '2026-03-10T09:00:00.000Z' }), // overdue at the end of week 1 only
      timed('2026-03-04T10:00:00.000Z'), // still open
      timed('2026-03-11T10:00:00.000Z', { status: 'skipped', doneAt: '2026-03-20T10:00:00.000Z' }), // overdue at the end of week 2
      timed('2026-03-17T10:00:00.000Z'), // open, due in week 3
    ];
    const weeks = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
    const now = ms('2026-03-18T12:00:00Z');
    expect(overdueTrend(rows, weeks, 'Europe/London', ms('2026-03-29T00:00:00Z'), now)).toEqual([
      { week: '2026-03-02', at: '2026-03-09T00:00:00.000Z', count: 2 },
      { week: '2026-03-09', at: '2026-03-16T00:00:00.000Z', count: 2 },
      { week: '2026-03-16', at: '2026-03-18T12:00:00.000Z', count: 3 },
    ]);
    expect(overdueTrend(rows, weeks, 'Europe/London', ms('2026-03-12T00:00:00Z'), now).map((p) => p.at))
      .toEqual(['2026-03-09T00:00:00.000Z', '2026-03-12T00:00:00.000Z', '2026-03-12T00:00:00.000Z']);
    expect(overdueCount(rows.filter((r) => r.status === 'open'), now)).toBe(2);
  });
  it('weeks end at local midnight (New York, across the DST change)', () => {
    const trend = overdueTrend([], ['2026-02-23', '2026-03-02'], 'America/New_York', ms('2026-04-01T00:00:00Z'), ms('2026-04-01T00:00:00Z'));
    expect(trend.map((p) => p.at)).toEqual(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });
});

describe('connect and reply', () => {
  it.each([
    ['call', 'connected', true, false],
    ['call', 'voicemail', false, false],
    ['call', 'no-answer', false, false],
    ['call', null, false, false],
    ['meeting', 'held', true, false],
    ['meeting', null, true, false],
    ['coffee', null, true, false],
    ['email', 'replied', false, true],
    ['email', null, false, false],
    ['email', 'bounced', false, false],
  ] as const)('%s / %s: connect %s, reply %s', (channel, result, connect, reply) => {
    expect(isConnect(channel, result)).toBe(connect);
    expect(isReply(result)).toBe(reply);
  });

  it('rates by channel, in the vocabulary order, channels without touches left out', () => {
    const groups = [
      { channel: 'email', result: 'replied', count: 1 },
      { channel: 'email', result: null, count: 3 },
      { channel: 'call', result: 'connected', count: 2 },
      { channel: 'call', result: 'voicemail', count: 6 },
      { channel: 'meeting', result: null, count: 1 },
    ] as const;
    expect(ratesByChannel(groups)).toEqual([
      { channel: 'call', touches: 8, connect: { numerator: 2, denominator: 8, rate: 0.25 }, reply: { numerator: 0, denominator: 8, rate: 0 } },
      { channel: 'email', touches: 4, connect: { numerator: 0, denominator: 4, rate: 0 }, reply: { numerator: 1, denominator: 4, rate: 0.25 } },
      { channel: 'meeting', touches: 1, connect: { numerator: 1, denominator: 1, rate: 1 }, reply: { numerator: 0, denominator: 1, rate: 0 } },
    ]);
    expect(touchRates([])).toEqual({ touches: 0, connect: { numerator: 0, denominator: 0, rate: null }, reply: { numerator: 0, denominator: 0, rate: null } });
  });

  it('buckets by the hour on the contact\'s clock, half- and quarter-hour zones and DST included', () => {
    expect(localHourOf(ms('2026-03-02T03:45:00Z'), 'Asia/Kolkata')).toBe(9); // 09:15
    expect(localHourOf(ms('2026-03-02T04:29:00Z'), 'Asia/Kolkata')).toBe(9); // 09:59
    expect(localHourOf(ms('2026-03-02T04:30:00Z'), 'Asia/Kolkata')).toBe(10);
    expect(localHourOf(ms('2026-03-02T04:14:00Z'), 'Asia/Kathmandu')).toBe(9); // 09:59
    expect(localHourOf(ms('2026-03-08T06:30:00Z'), 'America/New_York')).toBe(1); // EST
    expect(localHourOf(ms('2026-03-08T07:30:00Z'), 'America/New_York')).toBe(3); // EDT: 02:xx never happened
    expect(localHourOf(ms('2026-03-02T23:30:00Z'), 'Pacific/Auckland')).toBe(12);
  });

  it('gives all 24 hours, the empty ones with null rates', () => {
    const groups: TimedTouchGroup[] = [
      { occurredAtMs: ms('2026-03-02T03:45:00Z'), timeZone: 'Asia/Kolkata', channel: 'call', result: 'connected', count: 1 },
      { occurredAtMs: ms('2026-03-02T09:10:00Z'), timeZone: 'Europe/London', channel: 'call', result: 'voicemail', count: 2 },
      { occurredAtMs: ms('2026-03-02T04:30:00Z'), timeZone: 'Asia/Kolkata', channel: 'email', result: 'replied', count: 1 },
    ];
    const hours = ratesByLocalHour(groups);
    expect(hours).toHaveLength(24);
    expect(hours.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(hours[9]).toEqual({ hour: 9, touches: 3, connect: { numerator: 1, denominator: 3, rate: 1 / 3 }, reply: { numerator: 0, denominator: 3, rate: 0 } });
    expect(hours[10]).toEqual({ hour: 10, touches: 1, connect: { numerator: 0, denominator: 1, rate: 0 }, reply: { numerator: 1, denominator: 1, rate: 1 } });
    expect(hours[11]).toEqual({ hour: 11, touches: 0, connect: { numerator: 0, denominator: 0, rate: null }, reply: { numerator: 0, denominator: 0, rate: null } });
  });

  it('rates by playbook step, ordered by playbook then the step\'s place, removed steps last', () => {
    const labels: Record<string, StepLabel> = {
      'series/call-1': { playbookName: 'Series', stepTitle: 'First call', position: 0 },
      'series/email-1': { playbookName: 'Series', stepTitle: 'Email', position: 2 },
    };
    const labelOf = (key: string | null, step: string): StepLabel => labels[`${key}/${step}`] ?? { playbookName: null, stepTitle: null, position: null };
    const rows = ratesByStep([
      { playbookKey: 'series', stepId: 'email-1', channel: 'email', result: 'replied', count: 1 },
      { playbookKey: 'series', stepId: 'gone', channel: 'call', result: null, count: 1 },
      { playbookKey: 'series', stepId: 'call-1', channel: 'call', result: 'voicemail', count: 3 },
      { playbookKey: 'series', stepId: 'call-1', channel: 'call', result: 'connected', count: 1 },
      { playbookKey: null, stepId: 'orphan', channel: 'call', result: 'connected', count: 1 },
      { playbookKey: 'another', stepId: 'x', channel: 'sms', result: null, count: 2 },
    ], labelOf);
    expect(rows.map((r) => [r.playbookKey, r.stepId, r.stepTitle, r.touches, r.connect.numerator, r.reply.numerator])).toEqual([
      ['another', 'x', null, 2, 0, 0],
      ['series', 'call-1', 'First call', 4, 1, 0],
      ['series', 'email-1', 'Email', 1, 0, 1],
      ['series', 'gone', null, 1, 0, 0],
      [null, 'orphan', null, 1, 1, 0],
    ]);
    expect(rows[1]).toMatchObject({ playbookName: 'Series', connect: { rate: 0.25 } });
  });
});

describe('touchesToClose', () => {
  it('fills every touch from 1 to the highest, won and lost side by side', () => {
    expect(touchesToClose([
      { closedOnTouch: 5, status: 'won', count: 3 },
      { closedOnTouch: 2, status: 'lost', count: 1 },
      { closedOnTouch: 2, status: 'won', count: 1 },
      { closedOnTouch: 7, status: 'lost', count: 2 },
    ])).toEqual([
      { touch: 1, won: 0, lost: 0 },
      { touch: 2, won: 1, lost: 1 },
      { touch: 3, won: 0, lost: 0 },
      { touch: 4, won: 0, lost: 0 },
      { touch: 5, won: 3, lost: 0 },
      { touch: 6, won: 0, lost: 0 },
      { touch: 7, won: 0, lost: 2 },
    ]);
  });
  it('is empty with nothing closed, and starts at 0 when something closed before any counted touch', () => {
    expect(touchesToClose([])).toEqual([]);
    expect(touchesToClose([{ closedOnTouch: 0, status: 'won', count: 1 }, { closedOnTouch: 1, status: 'lost', count: 1 }]))
      .toEqual([{ touch: 0, won: 1, lost: 0 }, { touch: 1, won: 0, lost: 1 }]);
  });
});
