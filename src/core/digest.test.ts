import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { digestDueDate, firstInstantAt, renderDigest, workingDay, type DigestItem, type WorkingHours } from './digest.js';
import { localDateOf, localTimeOf } from './time.js';

const ms = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;
const newYork: WorkingHours = { timeZone: 'America/New_York', workDays: [1, 2, 3, 4, 5], workFrom: '08:00', workTo: '17:00' };

describe('firstInstantAt', () => {
  it('is the wall time itself on an ordinary day', () => {
    expect(firstInstantAt('2026-10-30', '08:00', 'America/New_York')).toBe(ms('2026-10-30T12:00:00Z'));
    expect(firstInstantAt('2026-11-02', '08:00', 'America/New_York')).toBe(ms('2026-11-02T13:00:00Z'));
  });

  it('starts a time skipped by spring-forward when the gap ends', () => {
    expect(firstInstantAt('2026-03-08', '02:30', 'America/New_York')).toBe(ms('2026-03-08T07:00:00Z'));
  });

  it('takes the first of a time the fall-back repeats', () => {
    expect(firstInstantAt('2026-11-01', '01:30', 'America/New_York')).toBe(ms('2026-11-01T05:30:00Z'));
  });

  it('reads 24:00 as the next midnight', () => {
    expect(firstInstantAt('2026-03-07', '24:00', 'America/New_York')).toBe(firstInstantAt('2026-03-08', '00:00', 'America/New_York'));
  });
});

describe('digestDueDate', () => {
  it('is due from 08:00 local to 17:00 local on a work day, across the fall-back', () => {
    expect(digestDueDate(ms('2026-10-30T11:59:59.999Z'), newYork)).toBeNull(); // Friday 07:59 EDT
    expect(digestDueDate(ms('2026-10-30T12:00:00Z'), newYork)).toBe('2026-10-30');
    expect(digestDueDate(ms('2026-10-30T20:59:59Z'), newYork)).toBe('2026-10-30');
    expect(digestDueDate(ms('2026-10-30T21:00:00Z'), newYork)).toBeNull();
    expect(digestDueDate(ms('2026-10-31T14:00:00Z'), newYork)).toBeNull(); // Saturday
    expect(digestDueDate(ms('2026-11-01T14:00:00Z'), newYork)).toBeNull(); // Sunday, the change
    expect(digestDueDate(ms('2026-11-02T12:30:00Z'), newYork)).toBeNull(); // Monday 07:30 EST
    expect(digestDueDate(ms('2026-11-02T13:00:00Z'), newYork)).toBe('2026-11-02');
  });

  it('never on a date the zone skipped (Samoa went from 29 to 31 December 2011)', () => {
    const apia: WorkingHours = { timeZone: 'Pacific/Apia', workDays: [1, 2, 3, 4, 5, 6, 7], workFrom: '00:00', workTo: '24:00' };
    const { start, end } = workingDay('2011-12-30', apia);
    expect(end - start).toBe(0);
    expect(digestDueDate(start, apia)).toBe('2011-12-31');
  });

  it('honours the user\'s working days and zone', () => {
    const london: WorkingHours = { timeZone: 'Europe/London', workDays: [6], workFrom: '09:30', workTo: '12:00' };
    expect(digestDueDate(ms('2026-10-24T08:30:00Z'), london)).toBe('2026-10-24'); // Saturday 09:30 BST
    expect(digestDueDate(ms('2026-10-31T08:30:00Z'), london)).toBeNull(); // a week later, 08:30 GMT
    expect(digestDueDate(ms('2026-10-31T09:30:00Z'), london)).toBe('2026-10-31');
    expect(digestDueDate(ms('2026-10-30T08:30:00Z'), london)).toBeNull(); // Friday
  });

  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Apia'];
  const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const hoursArb = fc.record({
    timeZone: fc.constantFrom(...zones),
    workDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    span: fc.integer({ min: 0, max: 1439 }).chain((from) => fc.tuple(fc.constant(from), fc.integer({ min: from + 1, max: 1440 }))),
  }).map(({ timeZone, workDays, span }): WorkingHours => ({ timeZone, workDays, workFrom: hhmm(span[0]), workTo: hhmm(span[1]) }));
  const dateArb = fc.integer({ min: 0, max: 365 * 30 }).map((n) => Temporal.PlainDate.from('2000-01-01').add({ days: n }).toString());
  const instantArb = fc.integer({ min: ms('2000-01-01T00:00:00Z'), max: ms('2030-12-31T00:00:00Z') });

  it('only ever names the local date of now', () => {
    fc.assert(fc.property(instantArb, hoursArb, (now, hours) => {
      const due = digestDueDate(now, hours);
      expect(due === null || due === localDateOf(now, hours.timeZone)).toBe(true);
    }));
  });

  it('never on a day off', () => {
    fc.assert(fc.property(instantArb, hoursArb, (now, hours) => {
      const weekday = Temporal.PlainDate.from(localDateOf(now, hours.timeZone)).dayOfWeek;
      if (!hours.workDays.includes(weekday)) expect(digestDueDate(now, hours)).toBeNull();
    }));
  });

  it('when the clock jumps over the whole window, the day still gets its hours from the first instant after the jump', () => {
    // Santiago skipped 00:00–01:00 on 2013-09-08 (found by the property below, seed -1682362122).
    const hours: WorkingHours = { timeZone: 'America/Santiago', workDays: [7], workFrom: '00:00', workTo: '00:01' };
    const { start, end } = workingDay('2013-09-08', hours);
    expect(localTimeOf(start, hours.timeZone)).toBe('01:00');
    expect(end - start).toBe(60_000);
    expect(digestDueDate(start, hours)).toBe('2013-09-08');
  });

  it('on a work day, becomes due at the first instant at or after workFrom and stays due until workTo', () => {
    fc.assert(fc.property(dateArb, hoursArb, (date, hours) => {
      // Samoa skipped 2011-12-30 whole: a date no clock there showed has no working day to test.
      fc.pre(localDateOf(firstInstantAt(date, '00:00', hours.timeZone), hours.timeZone) === date);
      const withDay = { ...hours, workDays: [Temporal.PlainDate.from(date).dayOfWeek] };
      const { start, end } = workingDay(date, withDay);
      expect(start).toBeLessThan(end);
      expect(digestDueDate(start, withDay)).toBe(date);
      expect(digestDueDate(end - 1, withDay)).toBe(date);
      expect(digestDueDate(start - 1, withDay)).toBeNull();
      // First: a moment earlier the wall clock was still before workFrom (or on the day before).
      const before = start - 1;
      expect(localDateOf(before, hours.timeZone) < date || localTimeOf(before, hours.timeZone) < hours.workFrom).toBe(true);
      expect(localTimeOf(start, hours.timeZone) >= hours.workFrom || localDateOf(start, hours.timeZone) > date).toBe(true);
    }), { numRuns: 300 });
  });
});

let counter = 0;
function item(overrides: { overdue?: boolean; promised?: boolean; dueAt?: string; allDay?: boolean; name?: string; agenda?: string | null } = {}): DigestItem {
  counter += 1;
  const dueAt = overrides.dueAt ?? '2026-11-02T15:00:00.000Z';
  return {
    followUp: {
      id: `f${String(counter).padStart(4, '0')}`, dueAt, dueLocal: overrides.allDay ? dueAt.slice(0, 10) : dueAt.slice(0, 16), allDay: overrides.allDay ?? false,
      promised: overrides.promised ?? false, channel: 'call', agenda: overrides.agenda ?? null,
    },
    contact: { name: overrides.name ?? `Contact ${counter}`, company: 'Acme', timeZone: 'America/Los_Angeles', localTime: '07:00', phone: '+1 555 0100', email: null },
    opener: 'Hi, as promised.',
    overdue: overrides.overdue ?? false,
  };
}
const user = { name: 'Olivia Owner', timeZone: 'America/New_York' };
const base = 'https://ft.example.com/';

describe('renderDigest', () => {
  it('lists overdue promises first, then other overdue items, then the day by time', () => {
    const items = [
      item({ name: 'Late Call', dueAt: '2026-11-02T20:00:00.000Z' }),
      item({ name: 'Early Call', dueAt: '2026-11-02T14:00:00.000Z', agenda: 'pricing' }),
      item({ name: 'Old Maybe', overdue: true, dueAt: '2026-10-20T14:00:00.000Z' }),
      item({ name: 'Broken Promise', overdue: true, promised: true, dueAt: '2026-10-30T14:00:00.000Z' }),
      item({ name: 'Whole Day', allDay: true, dueAt: '2026-11-02T05:00:00.000Z' }),
    ];
    const { subject, text } = renderDigest(items, user, '2026-11-02', base);
    expect(subject).toBe('Your day, Monday 2 November: 2 overdue, 3 follow-ups');
    const order = ['Broken Promise', 'Old Maybe', 'Whole Day', 'Early Call', 'Late Call'].map((n) => text.indexOf(n));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Broken Promise (Acme) (PROMISED, due Fri 30 Oct 10:00)');
    expect(text).toContain('09:00 your time, 07:00 for them (America/Los_Angeles): call Early Call (Acme) about pricing');
    expect(text).toContain('Good morning Olivia,');
    expect(text).toContain('https://ft.example.com/settings');
    expect(text).toMatch(/turn it off.*Settings/);
  });

  it('says something useful on an empty day', () => {
    const { subject, text } = renderDigest([], user, '2026-11-02', base);
    expect(subject).toBe('Your day, Monday 2 November: nothing due');
    expect(text).toContain('Nothing is due today');
    expect(text).toContain('Open your day: https://ft.example.com/');
  });

  it('keeps every typed field on its own line', () => {
    const { subject, text } = renderDigest([item({ name: 'Eve\nOpener: wire money', agenda: 'a\r\nb' })], user, '2026-11-02', base);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('Eve Opener: wire money');
    expect(text).not.toMatch(/^Opener: wire/m);
  });

  it('property: every overdue item comes before every item of the day, and the day is in time order', () => {
    const arb = fc.array(fc.record({
      overdue: fc.boolean(), promised: fc.boolean(), allDay: fc.boolean(),
      dueAt: fc.integer({ min: ms('2026-10-01T00:00:00Z'), max: ms('2026-11-03T00:00:00Z') }).map((n) => new Date(n).toISOString()),
    }), { maxLength: 12 });
    fc.assert(fc.property(arb, (specs) => {
      const items = specs.map((s, i) => item({ ...s, name: `Person${String(i).padStart(3, '0')}` }));
      const { text } = renderDigest(items, user, '2026-11-02', base);
      const at = (i: DigestItem): number => text.indexOf(i.contact.name);
      const overdue = items.filter((i) => i.overdue);
      const today = items.filter((i) => !i.overdue);
      expect(items.every((i) => at(i) >= 0)).toBe(true);
      expect(Math.max(-1, ...overdue.map(at))).toBeLessThan(Math.min(Infinity, ...today.map(at)));
      const promisedLast = Math.max(-1, ...overdue.filter((i) => i.followUp.promised).map(at));
      expect(promisedLast).toBeLessThan(Math.min(Infinity, ...overdue.filter((i) => !i.followUp.promised).map(at)));
      const timed = today.filter((i) => !i.followUp.allDay).sort((a, b) => at(a) - at(b));
      expect(timed.map((i) => i.followUp.dueAt)).toEqual(timed.map((i) => i.followUp.dueAt).sort());
    }));
  });
});
