import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import { allowedWindows, applyWait, capRelease, capWindowEnd, defaultRules, place } from './schedule.js';
import { scheduleNote } from './scheduleNote.js';
import type { FrequencyCap, WorkspaceRules } from './types.js';

const ny = 'America/New_York';
const at = (local: string, zone = ny): number => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).epochMilliseconds;
const local = (ms: number, zone = ny): string =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
const noRules: WorkspaceRules = { frequencyCap: null, quietHours: null };

describe('allowedWindows', () => {
  it('cuts quiet hours out of the windows, wrapping midnight', () => {
    const all = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }];
    expect(allowedWindows(all, { from: '21:00', to: '08:00' }, false)).toEqual([{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '21:00' }]);
    expect(allowedWindows(all, { from: '12:00', to: '13:00' }, true)).toEqual([
      { days: [1, 2, 3, 4, 5], from: '00:00', to: '12:00' },
      { days: [1, 2, 3, 4, 5], from: '13:00', to: '24:00' },
    ]);
    expect(allowedWindows([], null, false)).toEqual([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }]);
    expect(allowedWindows([{ days: [6], from: '10:00', to: '12:00' }], null, true)).toEqual([]);
  });
});

describe('applyWait', () => {
  it('keeps the wall time across daylight saving for days and months, not for hours', () => {
    const before = at('2025-03-08T10:00');
    expect(local(applyWait(before, { amount: 1, unit: 'days' }, ny))).toBe('2025-03-09T10:00');
    expect(local(applyWait(before, { amount: 24, unit: 'hours' }, ny))).toBe('2025-03-09T11:00');
    expect(local(applyWait(at('2025-01-31T10:00'), { amount: 1, unit: 'months' }, ny))).toBe('2025-02-28T10:00');
    expect(local(applyWait(at('2025-03-07T16:00'), { amount: 1, unit: 'business-days' }, ny))).toBe('2025-03-10T16:00');
  });
});

describe('place', () => {
  it('lands a business-day wait on a weekday even when the contact is also reachable at weekends', () => {
    const everyDay = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '17:00' }];
    const friday = at('2025-06-06T18:00');
    const base = { earliestMs: friday, timeZone: ny, reachable: everyDay, rules: noRules, capped: false, touches: [] };
    expect(local(place({ ...base, weekdaysOnly: false }).atMs)).toBe('2025-06-07T09:00');
    expect(local(place({ ...base, weekdaysOnly: true }).atMs)).toBe('2025-06-09T09:00');
    // Reachable only on Saturdays: their choice wins over our business days.
    const saturdays = [{ days: [6], from: '09:00', to: '12:00' }];
    expect(local(place({ ...base, reachable: saturdays, weekdaysOnly: true }).atMs)).toBe('2025-06-07T09:00');
  });
});

describe('every automatic move says why', () => {
  const base = { timeZone: ny, reachable: [], rules: defaultRules, weekdaysOnly: false, capped: true, touches: [] };
  const noteOf = (request: Parameters<typeof place>[0]): string | null => scheduleNote(place(request).moves, ny, request.rules);

  it('says nothing when the step fits where its wait put it', () => {
    expect(place({ ...base, earliestMs: at('2025-06-03T10:00') }).moves).toEqual([]);
    expect(noteOf({ ...base, earliestMs: at('2025-06-03T10:00') })).toBeNull();
  });

  it('names the reachable hours, quiet hours, business days and frequency cap', () => {
    expect(noteOf({ ...base, earliestMs: at('2025-06-03T17:30') })).toBe('Moved to Wed 4 Jun, 09:00 their time: outside the hours they can be reached');
    const lateEvenings = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '23:00' }];
    expect(noteOf({ ...base, reachable: lateEvenings, earliestMs: at('2025-06-03T21:30') })).toBe('Moved to Wed 4 Jun, 08:00 their time: inside quiet hours (21:00–08:00)');
    const everyDay = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '17:00' }];
    expect(noteOf({ ...base, reachable: everyDay, weekdaysOnly: true, earliestMs: at('2025-06-07T10:00') })).toBe('Moved to Mon 9 Jun, 09:00 their time: a wait in business days skips the weekend');
    const touches = [at('2025-06-02T10:00'), at('2025-06-03T10:00'), at('2025-06-04T10:00')];
    const capped = place({ ...base, touches, earliestMs: at('2025-06-05T10:00') });
    expect(capped).toMatchObject({ delayedByCap: true, moves: [{ reason: 'frequency-cap', fromMs: at('2025-06-05T10:00'), toMs: at('2025-06-09T10:00') }] });
    expect(noteOf({ ...base, touches, earliestMs: at('2025-06-05T10:00') })).toBe('Moved to Mon 9 Jun, 10:00 their time: at most 3 touches a week (frequency cap)');
  });

  it('lists each reason once when one move leads to another', () => {
    const touches = [at('2025-06-02T16:00'), at('2025-06-03T10:00'), at('2025-06-04T10:00')];
    // 17:30 is after hours; 09:00 the next day is over the cap until Monday 16:00.
    expect(noteOf({ ...base, touches, earliestMs: at('2025-06-04T17:30') })).toBe('Moved to Mon 9 Jun, 16:00 their time: outside the hours they can be reached; at most 3 touches a week (frequency cap)');
  });
});

describe('capRelease', () => {
  const cap: FrequencyCap = { maxTouches: 3, perDays: 7 };

  it('waits for the oldest touch in the window to leave it', () => {
    const touches = [at('2025-06-02T10:00'), at('2025-06-03T10:00'), at('2025-06-04T10:00')];
    expect(local(capRelease(at('2025-06-05T10:00'), touches, cap, ny))).toBe('2025-06-09T10:00');
    expect(capRelease(at('2025-06-09T10:00'), touches, cap, ny)).toBe(at('2025-06-09T10:00'));
    expect(capRelease(at('2025-06-05T10:00'), touches.slice(1), cap, ny)).toBe(at('2025-06-05T10:00'));
  });

  it('also respects touches already scheduled later', () => {
    const later = [at('2025-06-10T10:00'), at('2025-06-11T10:00'), at('2025-06-12T10:00')];
    expect(local(capRelease(at('2025-06-09T10:00'), later, cap, ny))).toBe('2025-06-17T10:00');
  });

  /** The rule as first written: every window holding t, each touch's window end computed again for every touch. */
  const capReleaseByDefinition = (t: number, touches: readonly number[], c: FrequencyCap, zone: string): number => {
    const end = (s: number): number => capWindowEnd(s, c, zone);
    const sorted = [...touches].sort((a, b) => a - b);
    const starts = [...sorted.filter((x) => x <= t && end(x) > t), t].sort((a, b) => a - b);
    for (const s of starts) {
      const inside = sorted.filter((x) => x >= s && x < end(s));
      const oldest = inside[0];
      if (oldest !== undefined && inside.length >= c.maxTouches) return end(oldest);
    }
    return t;
  };

  it('gives what the rule by definition gives, across clock changes, the date line and touches on the same instant', () => {
    const hour = 3_600_000;
    const places: [string, string][] = [
      [ny, '2025-10-25T00:00'], [ny, '2025-03-01T00:00'], ['Pacific/Apia', '2011-12-20T00:00'],
      ['Australia/Lord_Howe', '2025-03-30T00:00'], ['Europe/London', '2025-10-20T00:00'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...places),
        fc.array(fc.integer({ min: 0, max: 24 * 20 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 24 * 20 }),
        fc.record({ maxTouches: fc.integer({ min: 1, max: 4 }), perDays: fc.integer({ min: 1, max: 10 }) }),
        ([zone, start], hours, hourOfT, c) => {
          const base = at(start, zone);
          // Whole and half hours: touches often share an instant or fall in a repeated or skipped hour.
          const touches = hours.map((h) => base + (h * hour) / 2);
          const t = base + (hourOfT * hour) / 2;
          expect(capRelease(t, touches, c, zone)).toBe(capReleaseByDefinition(t, touches, c, zone));
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });

  it('answers for a contact with hundreds of touches in the window by looking at the first full window', () => {
    const now = at('2025-06-05T10:00');
    const touches = Array.from({ length: 600 }, (_, i) => now - i * 60_000);
    expect(capRelease(now, touches, cap, ny)).toBe(capReleaseByDefinition(now, touches.slice(0, 600), cap, ny));
    expect(local(capRelease(now, touches, cap, ny))).toBe('2025-06-12T00:01');
  });

  it('settles, after repeated releases, where every window holding the new touch stays within the cap', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 * day }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 30 * day }),
        fc.record({ maxTouches: fc.integer({ min: 1, max: 4 }), perDays: fc.integer({ min: 1, max: 10 }) }),
        (offsets, offset, c) => {
          const base = at('2025-03-01T00:00');
          const touches = offsets.map((o) => base + o);
          const t = base + offset;
          let r = t;
          for (let next = capRelease(r, touches, c, ny); next !== r; next = capRelease(r, touches, c, ny)) {
            expect(next).toBeGreaterThan(r);
            r = next;
          }
          const starts = [r, ...touches.filter((y) => y <= r && capWindowEnd(y, c, ny) > r)];
          for (const s of starts) {
            const inWindow = touches.filter((y) => y >= s && y < capWindowEnd(s, c, ny)).length;
            expect(inWindow + 1).toBeLessThanOrEqual(c.maxTouches);
          }
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });
});
