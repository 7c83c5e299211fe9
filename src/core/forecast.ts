import { weightedAmount } from './deals.js';

/** An open deal as the forecast sees it. */
export interface ForecastDeal {
  amount: number | null;
  currency: string;
  probability: number;
  expectedCloseDate: string | null;
}

export interface Money {
  currency: string;
  amount: number;
  weighted: number;
  count: number;
}

export interface ForecastMonth {
  month: string;
  count: number;
  totals: Money[];
}

export interface ForecastResult {
  months: ForecastMonth[];
  overdue: { count: number; totals: Money[] };
  undated: { count: number };
}

/** "2026-12" plus n months. */
export function addMonths(month: string, n: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function addTo(totals: Money[], deal: ForecastDeal): void {
  if (deal.amount === null) return;
  let money = totals.find((t) => t.currency === deal.currency);
  if (!money) {
    money = { currency: deal.currency, amount: 0, weighted: 0, count: 0 };
    totals.push(money);
  }
  money.amount += deal.amount;
  money.weighted += weightedAmount(deal.amount, deal.probability) ?? 0;
  money.count += 1;
}

const byCurrency = (a: Money, b: Money) => a.currency.localeCompare(b.currency);

/**
 * The weighted forecast: open deals by the month they are expected to close, from `fromMonth` for
 * `months` months, summed per currency (amounts in different currencies are never added together).
 * Deals expected before `fromMonth` are overdue; deals after the last month are left out.
 */
export function forecast(deals: readonly ForecastDeal[], fromMonth: string, months: number): ForecastResult {
  const result: ForecastResult = {
    months: Array.from({ length: months }, (_, i) => ({ month: addMonths(fromMonth, i), count: 0, totals: [] })),
    overdue: { count: 0, totals: [] },
    undated: { count: 0 },
  };
  for (const deal of deals) {
    if (deal.expectedCloseDate === null) {
      result.undated.count += 1;
      continue;
    }
    const month = deal.expectedCloseDate.slice(0, 7);
    const bucket = month < fromMonth ? result.overdue : result.months.find((m) => m.month === month);
    if (!bucket) continue;
    bucket.count += 1;
    addTo(bucket.totals, deal);
  }
  for (const bucket of [...result.months, result.overdue]) bucket.totals.sort(byCurrency);
  return result;
}
