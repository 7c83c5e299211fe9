import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/helpers/propertyRuns.js';
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { afterLastContact, nextAnchoredDate, nextCycleDate, occurrence } from './recurrence.js';

const yearly = { amount: 1, unit: 'years' } as const;

describe('recurrence', () => {
  it('puts a Feb 29 anniversary on Feb 28 in other years and back on Feb 29 in leap years', () => {
    expect([1, 2, 3, 4, 8].map((k) => occurrence('2020-02-29', yearly, k))).toEqual([
      '2021-02-28', '2022-02-28', '2023-02-28', '2024-02-29', '2028-02-29',
    ]);
    expect(occurrence('2024-01-31', { amount: 1, unit: 'months' }, 1)).toBe('2024-02-29');
    expect(occurrence('2024-01-31', { amount: 1, unit: 'months' }, 2)).toBe('2024-03-31');
  });

  it('finds the first occurrence on or after a date, never the anchor itself', () => {
    expect(nextAnchoredDate('2020-02-29', yearly, '2020-01-01')).toBe('2021-02-28');
    expect(nextAnchoredDate('2020-02-29', yearly, '2023-03-01')).toBe('2024-02-29');
    expect(nextAnchoredDate('2020-02-29', yearly, '2024-02-29')).toBe('2024-02-29');
    expect(nextAnchoredDate('2010-05-10', { amount: 18, unit: 'months' }, '2025-01-01')).toBe('2025-05-10');
  });

  it('agrees with counting occurrences one by one', () => {
    const dateArb = fc.integer({ min: 0, max: 8_000 }).map((d) => Temporal.PlainDate.from('1990-01-01').add({ days: d }).toString());
    const everyArb = fc.record({ amount: fc.integer({ min: 1, max: 24 }), unit: fc.constantFrom('days', 'months', 'years') as fc.Arbitrary<'days' | 'months' | 'years'> });
    fc.assert(
      fc.property(dateArb, dateArb, everyArb, (anchor, notBefore, every) => {
        let k = 1;
        while (occurrence(anchor, every, k) < notBefore) k++;
        expect(nextAnchoredDate(anchor, every, notBefore)).toBe(occurrence(anchor, every, k));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('counts from the local date of the last contact', () => {
    // 03:00 UTC on 1 Feb is still 31 January in Los Angeles.
    expect(afterLastContact(Date.parse('2025-02-01T03:00:00Z'), 'America/Los_Angeles', { amount: 1, unit: 'months' })).toBe('2025-02-28');
  });

  it('names the next cycle, after the previous one and not before today', () => {
    const contact = { timeZone: 'UTC', reachable: [], doNotContact: false, customerSince: '2019-06-03' };
    const anchored = { basis: 'anchor', anchor: 'customerSince', every: yearly } as const;
    const input = { atMs: Date.parse('2025-06-03T12:00:00Z'), lastContactAtMs: null, previousCycleDate: null };
    expect(nextCycleDate(anchored, contact, input)).toBe('2025-06-03');
    expect(nextCycleDate(anchored, contact, { ...input, previousCycleDate: '2025-06-03' })).toBe('2026-06-03');
    expect(nextCycleDate(anchored, { ...contact, customerSince: null }, input)).toBeNull();
    expect(() => nextCycleDate(anchored, { ...contact, customerSince: '2019-02-30' }, input)).toThrow(AppError);
  });
});
