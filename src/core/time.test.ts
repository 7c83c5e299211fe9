import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import { AppError } from './errors.js';
import type { Due } from './types.js';
import {
  assertTimeZone,
  dayRange,
  formatInstant,
  isLate,
  isValidLocalDate,
  isValidTimeZone,
  localDateOf,
  localDateTimeOf,
  localTimeOf,
  parseInstant,
  resolveDue,
  todayIn,
  type DueInput,
} from './time.js';

const ms = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

function pathOf(fn: () => unknown): string | undefined {
  const e = errorOf(fn);
  expect(e.code).toBe('invalid');
  return e.errors[0]?.path;
}

/** The DST transitions of a zone in a year, found with Temporal rather than hard-coded. */
function transitionsIn(zone: string, year: number): Temporal.ZonedDateTime[] {
  const out: Temporal.ZonedDateTime[] = [];
  let at: Temporal.ZonedDateTime | null = Temporal.PlainDate.from({ year, month: 1, day: 1 }).toZonedDateTime(zone);
  while ((at = at.getTimeZoneTransition('next')) && at.year === year) out.push(at);
  return out;
}

describe('formatInstant / parseInstant', () => {
  it('formats fixed-width UTC with milliseconds', () => {
    expect(formatInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatInstant(ms('2026-03-08T07:30:05.1Z'))).toBe('2026-03-08T07:30:05.100Z');
    expect(formatInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('parses Z and offsets', () => {
    expect(parseInstant('2026-03-08T07:30Z', 'at')).toBe(ms('2026-03-08T07:30:00Z'));
    expect(parseInstant('2026-03-08T03:30:00-04:00', 'at')).toBe(ms('2026-03-08T07:30:00Z'));
    expect(parseInstant('2026-03-08T13:00:00.250+05:30', 'at')).toBe(ms('2026-03-08T07:30:00.250Z'));
  });

  it('rejects non-instants with the given path', () => {
    for (const bad of ['', 'yesterday', '2026-03-08', '2026-03-08T07:30', '2026-13-01T00:00Z', '+010000-01-01T00:00Z']) {
      expect(pathOf(() => parseInstant(bad, 'x.at'))).toBe('x.at');
    }
    expect(pathOf(() => parseInstant(42 as unknown as string, 'x.at'))).toBe('x.at');
    expect(pathOf(() => parseInstant('0000-12-31T23:59:59.999Z', 'x.at'))).toBe('x.at');
  });

  it('is the string Temporal writes at millisecond precision, years 0000 to 9999', () => {
    const instant = fc.integer({ min: ms('0000-01-01T00:00Z'), max: ms('9999-12-31T23:59:59.999Z') });
    fc.assert(fc.property(instant, (a) => {
      expect(formatInstant(a)).toBe(Temporal.Instant.fromEpochMilliseconds(a).toString({ fractionalSecondDigits: 3 }));
    }), { numRuns: propertyRuns(1000) });
  });

  it('round-trips and sorts as text, years 0001 to 9999 (what both databases store)', () => {
    const instant = fc.integer({ min: ms('0001-01-01T00:00Z'), max: ms('9999-12-31T23:59:59.999Z') });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const fa = formatInstant(a);
        expect(fa).toHaveLength(24);
        expect(parseInstant(fa, 'at')).toBe(a);
        expect(fa < formatInstant(b)).toBe(a < b);
      }),
      { numRuns: propertyRuns(1000) },
    );
  }, 20_000);
});

describe('time zones', () => {
  it('accepts IANA names and canonicalises case', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(assertTimeZone('america/new_york', 'tz')).toBe('America/New_York');
    expect(assertTimeZone('Asia/Kolkata', 'tz')).toBe('Asia/Kolkata');
  });

  it('rejects unknown names, offsets and ISO strings', () => {
    for (const bad of ['Mars/Olympus', '', '+05:00', '-08:00', ' UTC', '2020-01-01T00:00Z', '2020-01-01T00:00[UTC]']) {
      expect(isValidTimeZone(bad)).toBe(false);
    }
    const e = errorOf(() => assertTimeZone('Mars/Olympus', 'contact.timeZone'));
    expect(e.errors).toEqual([{ path: 'contact.timeZone', message: 'Contact time zone: "Mars/Olympus" is not a time zone we know; use a zone name such as Europe/Paris or America/New_York.' }]);
  });
});

describe('resolveDue', () => {
  const ny = 'America/New_York';

  it('spring forward in New York: 02:30 does not exist and moves forward an hour', () => {
    expect(resolveDue({ local: '2026-03-08T02:30' }, ny)).toEqual({
      dueAt: '2026-03-08T07:30:00.000Z',
      dueLocal: '2026-03-08T03:30',
      timeZone: ny,
      allDay: false,
    });
  });

  it('fall back in New York: 01:30 happens twice and means the earlier one', () => {
    const due = resolveDue({ local: '2026-11-01T01:30' }, ny);
    expect(due.dueAt).toBe('2026-11-01T05:30:00.000Z');
    expect(due.dueLocal).toBe('2026-11-01T01:30');
  });

  it('Europe/London on 2026-03-29 (gap) and 2026-10-25 (overlap)', () => {
    const london = 'Europe/London';
    expect(resolveDue({ local: '2026-03-29T00:59' }, london).dueAt).toBe('2026-03-29T00:59:00.000Z');
    expect(resolveDue({ local: '2026-03-29T01:30' }, london)).toMatchObject({
      dueAt: '2026-03-29T01:30:00.000Z',
      dueLocal: '2026-03-29T02:30',
    });
    expect(resolveDue({ local: '2026-03-29T02:00' }, london).dueAt).toBe('2026-03-29T01:00:00.000Z');
    expect(resolveDue({ local: '2026-10-25T01:30' }, london).dueAt).toBe('2026-10-25T00:30:00.000Z');
  });

  it('Australia/Lord_Howe shifts by 30 minutes', () => {
    const zone = 'Australia/Lord_Howe';
    const shifts = transitionsIn(zone, 2026);
    expect(shifts).toHaveLength(2);
    const forward = shifts.find((z) => z.offsetNanoseconds > z.subtract({ minutes: 1 }).offsetNanoseconds);
    const back = shifts.find((z) => z.offsetNanoseconds < z.subtract({ minutes: 1 }).offsetNanoseconds);
    if (!forward || !back) throw new Error('Lord Howe should have both transitions in 2026');
    const before = forward.subtract({ minutes: 1 });
    expect(forward.offsetNanoseconds - before.offsetNanoseconds).toBe(30 * 60 * 1e9);

    // A wall time 10 minutes into the gap moves forward by the gap's 30 minutes.
    const gapStart = before.toPlainDateTime().add({ minutes: 1 });
    const inGap = gapStart.add({ minutes: 10 });
    const due = resolveDue({ local: inGap.toString({ smallestUnit: 'minute' }) }, zone);
    expect(due.dueLocal).toBe(inGap.add({ minutes: 30 }).toString({ smallestUnit: 'minute' }));
    expect(Temporal.Instant.from(due.dueAt).epochMilliseconds).toBe(forward.epochMilliseconds + 10 * 60_000);

    // 10 minutes before the fall-back, that wall time recurs 30 minutes later; the earlier one counts.
    const repeated = back.toPlainDateTime().add({ minutes: 10 });
    const early = resolveDue({ local: repeated.toString({ smallestUnit: 'minute' }) }, zone);
    expect(ms(early.dueAt)).toBe(back.epochMilliseconds - 20 * 60_000);
  });

  it('Asia/Kolkata is a fixed +05:30', () => {
    const zone = 'Asia/Kolkata';
    expect(resolveDue({ local: '2026-03-08T10:00' }, zone).dueAt).toBe('2026-03-08T04:30:00.000Z');
    expect(resolveDue({ local: '2026-11-01T01:30' }, zone).dueAt).toBe('2026-10-31T20:00:00.000Z');
    expect(resolveDue({ date: '2026-03-08' }, zone).dueAt).toBe('2026-03-07T18:30:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: ms('2000-01-01T00:00Z'), max: ms('2040-01-01T00:00Z') }), (t) => {
        const local = localDateTimeOf(t, zone);
        expect(resolveDue({ local }, zone).dueLocal).toBe(local);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('an explicit timeZone overrides the default', () => {
    const due = resolveDue({ local: '2026-03-08T10:00', timeZone: 'Asia/Kolkata' }, ny);
    expect(due).toMatchObject({ dueAt: '2026-03-08T04:30:00.000Z', timeZone: 'Asia/Kolkata' });
  });

  it('an instant takes its wall time in the default zone', () => {
    expect(resolveDue({ at: '2026-03-08T07:30:00Z' }, ny)).toEqual({
      dueAt: '2026-03-08T07:30:00.000Z',
      dueLocal: '2026-03-08T03:30',
      timeZone: ny,
      allDay: false,
    });
  });

  it('an all-day date is due at the start of that day, which is not always 00:00', () => {
    expect(resolveDue({ date: '2026-03-08' }, ny)).toEqual({
      dueAt: '2026-03-08T05:00:00.000Z',
      dueLocal: '2026-03-08',
      timeZone: ny,
      allDay: true,
    });
    // Santiago's spring-forward is at midnight, so its day starts at 01:00.
    const santiago = transitionsIn('America/Santiago', 2026).find((z) => z.hour === 1 && z.minute === 0);
    if (!santiago) throw new Error('expected a midnight spring-forward in Santiago');
    const date = santiago.toPlainDate().toString();
    expect(resolveDue({ date }, 'America/Santiago').dueAt).toBe(formatInstant(santiago.epochMilliseconds));
  });

  it('rejects bad input with precise paths', () => {
    const cases: [DueInput, string][] = [
      [{ local: '2026-02-30T10:00' }, 'due.local'],
      [{ local: '2026-03-08T24:00' }, 'due.local'],
      [{ local: '2026-03-08T10:60' }, 'due.local'],
      [{ local: '2026-03-08T10:00:00' }, 'due.local'],
      [{ local: '2026-03-08 10:00' }, 'due.local'],
      [{ local: '2026-3-8T10:00' }, 'due.local'],
      [{ local: '2026-03-08T10:00', timeZone: 'Mars/Olympus' }, 'due.timeZone'],
      [{ local: '2026-03-08T10:00', timeZone: '+05:00' }, 'due.timeZone'],
      [{ date: '2026-02-29' }, 'due.date'],
      [{ date: '2026-03-08T00:00' }, 'due.date'],
      [{ date: '20260308' }, 'due.date'],
      [{ at: 'tomorrow' }, 'due.at'],
      [{ at: '2026-03-08T10:00' }, 'due.at'],
      [{ at: '2026-03-08T10:00Z', date: '2026-03-08' } as unknown as DueInput, 'due'],
      [{} as unknown as DueInput, 'due'],
      [null as unknown as DueInput, 'due'],
    ];
    for (const [input, path] of cases) expect(pathOf(() => resolveDue(input, ny)), JSON.stringify(input)).toBe(path);
    expect(pathOf(() => resolveDue({ date: '2026-03-08' }, 'Nowhere/Else'))).toBe('due.timeZone');
    expect(pathOf(() => resolveDue({ local: 'x' }, ny, 'outcome.next.due'))).toBe('outcome.next.due.local');
    expect(resolveDue({ date: '2028-02-29' }, ny).dueLocal).toBe('2028-02-29');
  });

  it('an agreed Tuesday 16:00 stays 16:00 local across the DST change', () => {
    const before = resolveDue({ local: '2026-03-03T16:00' }, ny);
    const after = resolveDue({ local: '2026-03-10T16:00' }, ny);
    expect(before.dueAt).toBe('2026-03-03T21:00:00.000Z');
    expect(after.dueAt).toBe('2026-03-10T20:00:00.000Z');
    expect(ms(after.dueAt) - ms(before.dueAt)).toBe((7 * 24 - 1) * 3_600_000);
    expect(localTimeOf(ms(after.dueAt), ny)).toBe('16:00');
  });
});

describe('local views', () => {
  it('renders an instant in a zone', () => {
    const t = ms('2026-03-08T07:30:00Z');
    expect(localDateOf(t, 'America/New_York')).toBe('2026-03-08');
    expect(localDateTimeOf(t, 'America/New_York')).toBe('2026-03-08T03:30');
    expect(localTimeOf(t, 'Asia/Kolkata')).toBe('13:00');
    expect(localDateOf(t, 'Pacific/Kiritimati')).toBe('2026-03-08');
    expect(todayIn(ms('2026-03-08T23:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-09');
    expect(todayIn(ms('2026-03-08T23:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-08');
  });

  it('dayRange spans the local day, 23 or 25 hours on DST days', () => {
    expect(dayRange('2026-03-08', 'America/New_York')).toEqual({
      start: ms('2026-03-08T05:00Z'),
      end: ms('2026-03-09T04:00Z'),
    });
    const fallBack = dayRange('2026-11-01', 'America/New_York');
    expect(fallBack.end - fallBack.start).toBe(25 * 3_600_000);
    expect(dayRange('2026-03-08', 'Asia/Kolkata')).toEqual({
      start: ms('2026-03-07T18:30Z'),
      end: ms('2026-03-08T18:30Z'),
    });
    expect(pathOf(() => dayRange('2026-02-30', 'UTC'))).toBe('date');
  });

  it('dayRange answers the same when asked again (it keeps recent days), and no caller can change its answer', () => {
    const first = dayRange('2026-10-25', 'Europe/London');
    expect(() => { (first as { start: number }).start = 0; }).toThrow(TypeError);
    expect(dayRange('2026-10-25', 'Europe/London')).toEqual({ start: ms('2026-10-24T23:00Z'), end: ms('2026-10-26T00:00Z') });
    expect(pathOf(() => dayRange('2026-02-30', 'UTC'))).toBe('date');
    expect(() => dayRange('2026-10-25', 'Mars/Olympus')).toThrow();
    expect(() => dayRange('2026-10-25', 'Mars/Olympus')).toThrow();
  });

  it('isValidLocalDate', () => {
    expect(isValidLocalDate('2026-03-08')).toBe(true);
    expect(isValidLocalDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-3-8', '2026-03-08T00:00', '', ' 2026-03-08', '2026-00-10']) {
      expect(isValidLocalDate(bad)).toBe(false);
    }
  });
});

describe('isLate', () => {
  const ny = 'America/New_York';

  it('an all-day due is on time until the end of that local day', () => {
    const due = resolveDue({ date: '2026-03-08' }, ny);
    expect(isLate(due, ms('2026-03-08T05:00Z'))).toBe(false);
    expect(isLate(due, ms('2026-03-09T03:59:59.999Z'))).toBe(false);
    expect(isLate(due, ms('2026-03-09T04:00Z'))).toBe(true);
    expect(isLate(due, ms('2026-03-01T12:00Z'))).toBe(false);
  });

  it('a timed due done later the same local day is not late', () => {
    const due = resolveDue({ local: '2026-03-10T09:00' }, ny);
    expect(isLate(due, ms('2026-03-10T12:00Z'))).toBe(false);
    expect(isLate(due, ms('2026-03-11T03:59:59.999Z'))).toBe(false);
    expect(isLate(due, ms('2026-03-11T04:00Z'))).toBe(true);
  });

  it('judges in the due zone, not where the work happened', () => {
    const due: Due = { dueAt: '2026-03-08T04:30:00.000Z', dueLocal: '2026-03-08T10:00', timeZone: 'Asia/Kolkata', allDay: false };
    // 2026-03-08T20:00Z is still the 8th in New York but already the 9th in Kolkata.
    expect(isLate(due, ms('2026-03-08T18:29:59Z'))).toBe(false);
    expect(isLate(due, ms('2026-03-08T20:00Z'))).toBe(true);
  });
});
