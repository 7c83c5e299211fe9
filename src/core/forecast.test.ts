import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../test/helpers/propertyRuns.js';
import { addMonths, forecast, type ForecastDeal } from './forecast.js';
import { assertNextStepAgreed, assertValidStages, boardOrder, stageOfDeal, weightedAmount } from './deals.js';

const deal = (amount: number | null, probability: number, expectedCloseDate: string | null, currency = 'EUR'): ForecastDeal =>
  ({ amount, probability, expectedCloseDate, currency });

describe('forecast', () => {
  it('sums amount × probability by month of expected close, per currency', () => {
    const result = forecast([
      deal(1_000_000, 60, '2026-12-20'),
      deal(500_000, 10, '2026-12-01'),
      deal(200_000, 80, '2027-01-15', 'USD'),
      deal(300_000, 30, '2027-01-31'),
    ], '2026-12', 3);
    expect(result.months.map((m) => m.month)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(result.months[0]).toEqual({ month: '2026-12', count: 2, totals: [{ currency: 'EUR', amount: 1_500_000, weighted: 650_000, count: 2 }] });
    expect(result.months[1]?.totals).toEqual([
      { currency: 'EUR', amount: 300_000, weighted: 90_000, count: 1 },
      { currency: 'USD', amount: 200_000, weighted: 160_000, count: 1 },
    ]);
    expect(result.months[2]).toEqual({ month: '2027-02', count: 0, totals: [] });
  });

  it('puts past close dates in overdue, counts undated deals, leaves out those beyond the window', () => {
    const result = forecast([deal(100, 50, '2026-11-30'), deal(100, 50, null), deal(100, 50, '2027-06-01'), deal(null, 50, '2026-12-02')], '2026-12', 2);
    expect(result.overdue).toEqual({ count: 1, totals: [{ currency: 'EUR', amount: 100, weighted: 50, count: 1 }] });
    expect(result.undated).toEqual({ count: 1 });
    expect(result.months[0]).toEqual({ month: '2026-12', count: 1, totals: [] });
    expect(result.months[1]?.count).toBe(0);
  });

  it('adds months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', 23)).toBe('2027-12');
  });

  it('never adds currencies together, and the weighted sum never exceeds the amount', () => {
    const arbitraryDeal = fc.record({
      amount: fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }),
      currency: fc.constantFrom('EUR', 'USD', 'GBP'),
      probability: fc.integer({ min: 0, max: 100 }),
      expectedCloseDate: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
    });
    fc.assert(fc.property(fc.array(arbitraryDeal, { maxLength: 40 }), (deals) => {
      const result = forecast(deals, '2027-03', 6);
      for (const month of result.months) {
        const currencies = month.totals.map((t) => t.currency);
        expect(new Set(currencies).size).toBe(currencies.length);
        for (const t of month.totals) {
          expect(t.weighted).toBeLessThanOrEqual(t.amount);
          const expected = deals.filter((d) => d.amount !== null && d.currency === t.currency && d.expectedCloseDate?.startsWith(month.month));
          expect(t.amount).toBe(expected.reduce((sum, d) => sum + (d.amount ?? 0), 0));
        }
      }
      const counted = result.months.reduce((n, m) => n + m.count, 0) + result.overdue.count + result.undated.count;
      expect(counted).toBe(deals.filter((d) => d.expectedCloseDate === null || d.expectedCloseDate.slice(0, 7) < '2027-09').length);
    }), { numRuns: propertyRuns(200) });
  });
});

describe('deal stages', () => {
  const stages = [
    { id: 'w', name: 'Won', position: 0, probability: 100, kind: 'won' as const },
    { id: 'a', name: 'Qualified', position: 1, probability: 10, kind: 'open' as const },
    { id: 'b', name: 'Proposal', position: 2, probability: 60, kind: 'open' as const },
    { id: 'l', name: 'Lost', position: 3, probability: 0, kind: 'lost' as const },
  ];

  it('orders open stages first, then won, then lost', () => {
    expect(boardOrder(stages).map((s) => s.id)).toEqual(['a', 'b', 'w', 'l']);
  });

  it('places a deal in its own stage when it agrees with its status, else the first stage of its kind', () => {
    expect(stageOfDeal(stages, { stageId: 'b', status: 'open' })?.id).toBe('b');
    expect(stageOfDeal(stages, { stageId: 'b', status: 'won' })?.id).toBe('w');
    expect(stageOfDeal(stages, { stageId: null, status: 'open' })?.id).toBe('a');
  });

  it('weights an amount by the probability', () => {
    expect(weightedAmount(1001, 50)).toBe(501);
    expect(weightedAmount(null, 50)).toBeNull();
  });

  it('refuses a list without exactly one won and one lost stage, or with a name twice, naming the field', () => {
    const base = [{ name: 'A', probability: 10, kind: 'open' as const }, { name: 'Won', probability: 100, kind: 'won' as const }, { name: 'Lost', probability: 0, kind: 'lost' as const }];
    expect(() => assertValidStages(base, new Set())).not.toThrow();
    expect(() => assertValidStages(base.slice(0, 2), new Set())).toThrow(/exactly one lost/);
    expect(() => assertValidStages([...base, { name: 'a', probability: 5, kind: 'open' }], new Set())).toThrow(/already called/);
    expect(() => assertValidStages([{ ...base[0]!, id: 'nope' }, base[1]!, base[2]!], new Set())).toThrow(/no such stage/);
  });

  it('asks for a next step only when an open deal without one moves to an open stage', () => {
    const move = { to: 'open' as const, hasOpenFollowUp: false, nextStepGiven: false, withoutNextStep: false };
    expect(() => assertNextStepAgreed(move)).toThrow(/no agreed next step/);
    expect(() => assertNextStepAgreed({ ...move, withoutNextStep: true })).not.toThrow();
    expect(() => assertNextStepAgreed({ ...move, hasOpenFollowUp: true })).not.toThrow();
    expect(() => assertNextStepAgreed({ ...move, to: 'won' })).not.toThrow();
  });
});
