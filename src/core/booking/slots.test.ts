import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/helpers/propertyRuns.js';
import type { ReachableWindow } from '../types.js';
import { bookingSlots, occupiedCells, type BookingSlotsInput } from './slots.js';

const MINUTE = 60_000;
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Auckland', 'UTC', 'America/St_Johns'];

/** An independent reading of "inside a window": Temporal's wall time, not the code under test's. */
function inside(ms: number, zone: string, windows: ReachableWindow[]): boolean {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  const minute = z.hour * 60 + z.minute;
  const toMinutes = (hhmm: string): number => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
  return windows.some((w) => w.days.includes(z.dayOfWeek) && minute >= toMinutes(w.from) && minute < toMinutes(w.to));
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const window = fc.record({
  days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  from: fc.integer({ min: 0, max: 95 }),
  length: fc.integer({ min: 1, max: 48 }),
}).map(({ days, from, length }) => ({ days, from: hhmm(from * 15), to: from * 15 + length * 15 >= 1440 ? '24:00' : hhmm(from * 15 + length * 15) }));

const input: fc.Arbitrary<BookingSlotsInput> = fc.record({
  // 2026–2028, across every daylight-saving change in those years.
  nowMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 1) }).map((ms) => Math.floor(ms / MINUTE) * MINUTE),
  noticeMinutes: fc.constantFrom(0, 60, 120),
  days: fc.integer({ min: 1, max: 10 }),
  durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
  gridMinutes: fc.constantFrom(15 as const, 30 as const),
  user: fc.record({ timeZone: fc.constantFrom(...zones), workingHours: fc.array(window, { minLength: 1, maxLength: 3 }) }),
  contact: fc.record({ timeZone: fc.constantFrom(...zones), reachable: fc.array(window, { minLength: 1, maxLength: 3 }) }),
  busy: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 10 * 96 }), length: fc.constantFrom(15, 30, 60, 120) }), { maxLength: 12 }),
}).map((r) => ({ ...r, busy: r.busy.map((b) => ({ startMs: r.nowMs + b.offset * 15 * MINUTE, endMs: r.nowMs + b.offset * 15 * MINUTE + b.length * MINUTE })) }));

describe('booking slots', () => {
  it('property: every slot lies wholly inside both windows, clear of every busy interval, after the notice, on the grid of the contact\'s wall clock', () => {
    fc.assert(fc.property(input, (i) => {
      const slots = bookingSlots(i);
      for (const slot of slots) {
        const end = slot.startMs + i.durationMinutes * MINUTE;
        expect(slot.startMs).toBeGreaterThanOrEqual(i.nowMs + i.noticeMinutes * MINUTE);
        expect(slot.startMs).toBeLessThan(i.nowMs + i.days * 86_400_000);
        for (let t = slot.startMs; t < end; t += 5 * MINUTE) {
          expect(inside(t, i.contact.timeZone, i.contact.reachable), `contact ${new Date(t).toISOString()}`).toBe(true);
          expect(inside(t, i.user.timeZone, i.user.workingHours), `user ${new Date(t).toISOString()}`).toBe(true);
        }
        expect(i.busy.some((b) => b.startMs < end && slot.startMs < b.endMs)).toBe(false);
        const wall = Temporal.Instant.fromEpochMilliseconds(slot.startMs).toZonedDateTimeISO(i.contact.timeZone);
        expect(slot.local).toBe(wall.toPlainDateTime().toString({ smallestUnit: 'minute' }));
        expect(wall.minute % i.gridMinutes).toBe(0);
      }
      expect(new Set(slots.map((s) => s.startMs)).size).toBe(slots.length);
    }), { numRuns: propertyRuns(150) });
  });

  it('offers both hours of a fall-back night, each with its own instant, and none of a spring-forward gap', () => {
    const always = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }];
    const base = { noticeMinutes: 0, days: 1, durationMinutes: 30, gridMinutes: 30 as const, busy: [], user: { timeZone: 'Europe/Berlin', workingHours: always } };
    const autumn = bookingSlots({ ...base, nowMs: Date.parse('2026-10-25T00:00:00Z'), contact: { timeZone: 'Europe/Berlin', reachable: [{ days: [7], from: '02:00', to: '03:00' }] } });
    expect(autumn.map((s) => s.local)).toEqual(['2026-10-25T02:00', '2026-10-25T02:30', '2026-10-25T02:00', '2026-10-25T02:30']);
    const spring = bookingSlots({ ...base, nowMs: Date.parse('2026-03-29T00:00:00Z'), contact: { timeZone: 'Europe/Berlin', reachable: [{ days: [7], from: '01:30', to: '03:30' }] } });
    expect(spring.map((s) => s.local)).toEqual(['2026-03-29T01:30', '2026-03-29T03:00']);
  });

  it('a booking occupies each quarter hour it touches', () => {
    const start = Date.parse('2026-12-07T10:00:00Z');
    expect(occupiedCells(start, 45).map((ms) => new Date(ms).toISOString().slice(11, 16))).toEqual(['10:00', '10:15', '10:30']);
    expect(occupiedCells(start + 5 * MINUTE, 15).map((ms) => new Date(ms).toISOString().slice(11, 16))).toEqual(['10:00', '10:15']);
  });
});
