import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import type { ReachableWindow } from './types.js';
import {
  addBusinessDays,
  addMinutes,
  defaultWindows,
  isWithinWindows,
  nextWithinWindows,
  validateWindows,
} from './reachableWindows.js';
import { localDateOf, localDateTimeOf, localTimeOf } from './time.js';
import { pathOf } from '../../test/helpers/appErrors.js';

const ms = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;
const ny = 'America/New_York';
const weekdayOf = (t: number, zone: string): number => Temporal.PlainDate.from(localDateOf(t, zone)).dayOfWeek;

const zones = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Santiago',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kathmandu',
];
const zoneArb = fc.constantFrom(...zones);
const instantArb = fc.integer({ min: ms('2000-01-01T00:00Z'), max: ms('2040-01-01T00:00Z') });
const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const windowArb: fc.Arbitrary<ReachableWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1440 }),
  })
  .map(({ days, from, length }) => ({ days, from: hhmm(from), to: hhmm(Math.min(1440, from + length)) }));
const windowsArb = fc.array(windowArb, { maxLength: 3 });

describe('validateWindows', () => {
  it('accepts and normalises good windows', () => {
    expect(validateWindows([])).toEqual([]);
    expect(validateWindows([{ days: [5, 1, 5], from: '22:00', to: '24:00' }])).toEqual([
      { days: [1, 5], from: '22:00', to: '24:00' },
    ]);
  });

  it('names the bad field', () => {
    const ok = { days: [1], from: '09:00', to: '17:00' };
    const cases: [ReachableWindow[], string][] = [
      [[{ ...ok, from: '9:00' }], 'reachable.0.from'],
      [[{ ...ok, from: '24:00' }], 'reachable.0.from'],
      [[{ ...ok, from: '09:60' }], 'reachable.0.from'],
      [[ok, { ...ok, to: '24:01' }], 'reachable.1.to'],
      [[ok, { ...ok, to: '25:00' }], 'reachable.1.to'],
      [[{ ...ok, from: '17:00', to: '09:00' }], 'reachable.0.to'],
      [[{ ...ok, from: '09:00', to: '09:00' }], 'reachable.0.to'],
      [[{ ...ok, days: [] }], 'reachable.0.days'],
      [[{ ...ok, days: [0] }], 'reachable.0.days'],
      [[{ ...ok, days: [8] }], 'reachable.0.days'],
      [[{ ...ok, days: [1.5] }], 'reachable.0.days'],
    ];
    for (const [windows, path] of cases) expect(pathOf(() => validateWindows(windows)), JSON.stringify(windows)).toBe(path);
    expect(pathOf(() => validateWindows([{ ...ok, from: 'x' }], 'contact.reachable'))).toBe('contact.reachable.0.from');
  });
});

describe('isWithinWindows', () => {
  it('defaults to Mon–Fri 09:00–17:00 with an exclusive end', () => {
    expect(defaultWindows).toEqual([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }]);
    expect(isWithinWindows(ms('2026-03-02T13:59:59.999Z'), ny, [])).toBe(false); // Mon 08:59:59 EST
    expect(isWithinWindows(ms('2026-03-02T14:00Z'), ny, [])).toBe(true); // Mon 09:00
    expect(isWithinWindows(ms('2026-03-02T21:59:59.999Z'), ny, [])).toBe(true); // Mon 16:59:59
    expect(isWithinWindows(ms('2026-03-02T22:00Z'), ny, [])).toBe(false); // Mon 17:00
    expect(isWithinWindows(ms('2026-03-07T15:00Z'), ny, [])).toBe(false); // Sat 10:00
  });

  it('uses the contact zone and "24:00"', () => {
    const lateEvenings = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '24:00' }];
    expect(isWithinWindows(ms('2026-03-08T18:29Z'), 'Asia/Kolkata', lateEvenings)).toBe(true); // 23:59
    expect(isWithinWindows(ms('2026-03-08T18:30Z'), 'Asia/Kolkata', lateEvenings)).toBe(false); // 00:00
    expect(isWithinWindows(ms('2026-03-08T16:30Z'), 'Asia/Kolkata', lateEvenings)).toBe(true); // 22:00
  });
});

describe('nextWithinWindows', () => {
  it('returns the input when already inside', () => {
    const t = ms('2026-03-02T15:12:34.567Z');
    expect(nextWithinWindows(t, ny, [])).toBe(t);
  });

  it('skips the weekend', () => {
    // Friday 17:30 EST → Monday 09:00, which is EDT after the 2026-03-08 change.
    expect(nextWithinWindows(ms('2026-03-06T22:30Z'), ny, [])).toBe(ms('2026-03-09T13:00Z'));
    expect(nextWithinWindows(ms('2026-03-07T15:00Z'), 'Asia/Kolkata', [])).toBe(ms('2026-03-09T03:30Z'));
  });

  it('opens a window that starts in the spring-forward gap when the clock jumps', () => {
    const sundayNight = [{ days: [7], from: '02:30', to: '04:00' }];
    // On 2026-03-08 02:00–03:00 does not exist; the first reachable instant is 03:00 EDT.
    expect(nextWithinWindows(ms('2026-03-07T12:00Z'), ny, sundayNight)).toBe(ms('2026-03-08T07:00Z'));
    expect(localTimeOf(ms('2026-03-08T07:00Z'), ny)).toBe('03:00');
    // A window lying wholly in the gap does not exist that day: next Sunday instead.
    const inGap = [{ days: [7], from: '02:00', to: '02:45' }];
    expect(nextWithinWindows(ms('2026-03-07T12:00Z'), ny, inGap)).toBe(ms('2026-03-15T06:00Z'));
  });

  it('finds the second 01:30 on a fall-back night', () => {
    const window = [{ days: [7], from: '01:30', to: '02:00' }];
    expect(nextWithinWindows(ms('2026-11-01T04:00Z'), ny, window)).toBe(ms('2026-11-01T05:30Z'));
    // After the first 01:30–02:00 EDT has passed, the repeated hour in EST still counts.
    expect(nextWithinWindows(ms('2026-11-01T06:00Z'), ny, window)).toBe(ms('2026-11-01T06:30Z'));
    // An early-night window is reopened by the clock going back.
    const early = [{ days: [7], from: '00:30', to: '01:15' }];
    expect(nextWithinWindows(ms('2026-11-01T05:20Z'), ny, early)).toBe(ms('2026-11-01T06:00Z'));
  });

  it('handles Lord Howe\'s 30-minute gap', () => {
    const zone = 'Australia/Lord_Howe';
    const shift = Temporal.PlainDate.from('2026-07-01').toZonedDateTime(zone).getTimeZoneTransition('next');
    if (!shift) throw new Error('expected a transition');
    const before = shift.subtract({ nanoseconds: 1 });
    expect(shift.offsetNanoseconds - before.offsetNanoseconds).toBe(30 * 60 * 1e9);
    const gapStart = before.toPlainTime().round({ smallestUnit: 'minute', roundingMode: 'ceil' });
    const window = [{ days: [shift.dayOfWeek], from: gapStart.add({ minutes: 10 }).toString({ smallestUnit: 'minute' }), to: '23:00' }];
    expect(nextWithinWindows(shift.epochMilliseconds - 3_600_000, zone, window)).toBe(shift.epochMilliseconds);
  });

  it('throws rather than searching forever', () => {
    const never = [{ days: [1], from: '10:00', to: '09:00' }];
    expect(pathOf(() => nextWithinWindows(ms('2026-03-02T00:00Z'), ny, never))).toBe('reachable');
  });

  it('always lands inside the windows, at or after the input, at the start of a stretch', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, windowsArb, (t, zone, windows) => {
        const next = nextWithinWindows(t, zone, windows);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isWithinWindows(next, zone, windows)).toBe(true);
        if (next > t) expect(isWithinWindows(next - 1, zone, windows)).toBe(false);
      }),
      { numRuns: propertyRuns(600) },
    );
  }, 20_000);

  it('matches a minute-by-minute scan around DST changes', () => {
    const dstZones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
    const shifts = dstZones.flatMap((zone) => {
      const out: [string, number][] = [];
      let at: Temporal.ZonedDateTime | null = Temporal.PlainDate.from('2026-01-01').toZonedDateTime(zone);
      while ((at = at.getTimeZoneTransition('next')) && at.year === 2026) out.push([zone, at.epochMilliseconds]);
      return out;
    });
    const start = fc
      .tuple(fc.constantFrom(...shifts), fc.integer({ min: -6 * 60, max: 2 * 60 }))
      .map(([[zone, shift], minutes]) => ({ zone, t: shift + minutes * 60_000 }));
    fc.assert(
      fc.property(start, fc.array(windowArb, { minLength: 1, maxLength: 2 }), ({ zone, t }, windows) => {
        const next = nextWithinWindows(t, zone, windows);
        const limit = Math.min(next, t + 12 * 60 * 60_000);
        for (let m = t; m < limit; m += 60_000) expect(isWithinWindows(m, zone, windows)).toBe(false);
      }),
      { numRuns: propertyRuns(100) },
    );
  }, 20_000);
});

describe('addBusinessDays', () => {
  it('counts Mon–Fri only and keeps the wall time', () => {
    const friday = ms('2026-03-06T15:00Z'); // Fri 10:00 EST
    expect(localDateTimeOf(addBusinessDays(friday, ny, 1), ny)).toBe('2026-03-09T10:00');
    expect(localDateTimeOf(addBusinessDays(friday, ny, 0), ny)).toBe('2026-03-06T10:00');
    const wednesday = ms('2026-03-04T15:00Z');
    expect(localDateTimeOf(addBusinessDays(wednesday, ny, 5), ny)).toBe('2026-03-11T10:00');
    expect(localDateTimeOf(addBusinessDays(wednesday, ny, 12), ny)).toBe('2026-03-20T10:00');
  });

  it('starts counting from Monday when begun at the weekend', () => {
    const saturday = ms('2026-03-07T15:00Z'); // Sat 10:00
    expect(localDateTimeOf(addBusinessDays(saturday, ny, 0), ny)).toBe('2026-03-09T10:00');
    expect(localDateTimeOf(addBusinessDays(saturday, ny, 1), ny)).toBe('2026-03-10T10:00');
    const sunday = ms('2026-03-08T14:00Z'); // Sun 10:00 EDT
    expect(localDateTimeOf(addBusinessDays(sunday, ny, 1), ny)).toBe('2026-03-10T10:00');
  });

  it('an agreed Tuesday 16:00 stays 16:00 across the DST change', () => {
    const tuesday = ms('2026-03-03T21:00Z'); // Tue 16:00 EST
    const nextTuesday = addBusinessDays(tuesday, ny, 5);
    expect(nextTuesday).toBe(ms('2026-03-10T20:00Z')); // Tue 16:00 EDT
    expect(localTimeOf(nextTuesday, ny)).toBe('16:00');
    const london = addBusinessDays(ms('2026-03-24T16:00Z'), 'Europe/London', 5);
    expect(localDateTimeOf(london, 'Europe/London')).toBe('2026-03-31T16:00');
  });

  it('rejects negative or fractional counts', () => {
    expect(pathOf(() => addBusinessDays(0, ny, -1))).toBe('days');
    expect(pathOf(() => addBusinessDays(0, ny, 1.5))).toBe('days');
  });

  it('never lands on a weekend and grows strictly with n', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, fc.integer({ min: 0, max: 60 }), (t, zone, n) => {
        const a = addBusinessDays(t, zone, n);
        const b = addBusinessDays(t, zone, n + 1);
        expect(weekdayOf(a, zone)).toBeLessThanOrEqual(5);
        expect(weekdayOf(b, zone)).toBeLessThanOrEqual(5);
        expect(b).toBeGreaterThan(a);
      }),
      { numRuns: propertyRuns(1000) },
    );
  }, 20_000);
});

describe('addMinutes', () => {
  it('adds exact minutes', () => {
    expect(addMinutes(ms('2026-03-08T06:30Z'), 60)).toBe(ms('2026-03-08T07:30Z'));
  });
});
