import { Temporal } from 'temporal-polyfill';
import { AppError } from './errors.js';
import { isConversation } from './outcomeRules.js';
import { dayRange, formatInstant, isLate, isValidLocalDate, localDateOf, localTimeOf } from './time.js';
import { channels, type Channel, type Due, type FollowUpStatus, type InteractionResult, type OpportunityStatus } from './types.js';

/**
 * The numbers behind Insights (SPEC "Insights", practices 3 and 5). Pure: the store hands over
 * compact rows or SQL aggregates, `now` is a parameter, and every rule that decides what counts
 * lives here, once.
 */

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when nothing was counted (no data is not 0 %). */
  rate: number | null;
}

export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

// ── The period ───────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_PERIOD_DAYS = 90;
export const MAX_PERIOD_DAYS = 731;

export interface Period {
  /** Local dates in the viewer's zone, both inclusive. */
  from: string;
  to: string;
}

const plusDays = (date: string, days: number): string => Temporal.PlainDate.from(date).add({ days }).toString();

/** The next local date: the exclusive end of a period that ends on `date`. */
export const dayAfter = (date: string): string => plusDays(date, 1);

/** Default: the 90 days ending today (today included); a lone `from` runs to today, a lone `to` goes back 90 days. */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, today: string): Period {
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !isValidLocalDate(value)) throw AppError.invalid(field, 'must be a real date YYYY-MM-DD');
    // Room either side for week and zone arithmetic within the store's fixed-width years.
    if (value !== undefined && (value < '1900' || value >= '9999')) throw AppError.invalid(field, 'must be between 1900 and 9998');
  }
  const to = query.to ?? today;
  const from = query.from ?? plusDays(to, 1 - DEFAULT_PERIOD_DAYS);
  if (from > to) throw AppError.invalid('from', `must not be after to (${to})`);
  if (Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to)).days + 1 > MAX_PERIOD_DAYS) {
    throw AppError.invalid('from', `the period may span at most ${MAX_PERIOD_DAYS} days`);
  }
  return { from, to };
}

/**
 * Instants that surely contain every due whose local date (in any zone, UTC−12 to UTC+14) is in
 * [fromDate, untilDate): a coarse bound a database index can use before the exact date test.
 */
export function agreedDayBounds(fromDate: string, untilDate: string): { from: string; until: string } {
  const utcMidnight = (date: string) => Temporal.PlainDate.from(date).toZonedDateTime('UTC').epochMilliseconds;
  const day = 86_400_000;
  return { from: formatInstant(utcMidnight(fromDate) - day), until: formatInstant(utcMidnight(untilDate) + day) };
}

// ── Promises: kept on the agreed day, and through the agreed channel ───────────────────────────

/** A follow-up as the promise metrics need it; fulfilledAt/fulfilledChannel come from the touch that did it. */
export interface PromiseRow extends Due {
  promised: boolean;
  status: FollowUpStatus;
  channel: Channel;
  doneAt: string | null;
  fulfilledAt: string | null;
  fulfilledChannel: Channel | null;
}

export type PromiseVerdict = 'kept' | 'early' | 'late' | 'missed' | 'skipped' | 'open-past-due' | 'pending' | 'not-counted';

/**
 * Kept means done on the agreed local day in the zone it was agreed in (the client chose the day:
 * earlier is not "when you promised", later is a broken promise of time). An open promise counts
 * against the rate once its agreed day is over; until then it can still be kept (pending).
 * Cancelled promises (a "no", an opt-out, a withdrawn request) are not counted; a skipped one is
 * a promise not kept.
 */
export function promiseVerdict(row: PromiseRow, nowMs: number): PromiseVerdict {
  const agreedDay = row.dueLocal.slice(0, 10);
  switch (row.status) {
    case 'done': {
      const at = row.fulfilledAt ?? row.doneAt;
      if (at === null) return 'not-counted';
      const ms = Date.parse(at);
      if (isLate(row, ms)) return 'late';
      return localDateOf(ms, row.timeZone) < agreedDay ? 'early' : 'kept';
    }
    case 'open':
      return localDateOf(nowMs, row.timeZone) > agreedDay ? 'open-past-due' : 'pending';
    case 'missed':
      return 'missed';
    case 'skipped':
      return 'skipped';
    case 'cancelled':
      return 'not-counted';
  }
}

export interface PromiseKept extends Rate {
  kept: number;
  early: number;
  late: number;
  missed: number;
  skipped: number;
  openPastDue: number;
  /** Open, agreed day not over yet: not in the denominator. */
  pending: number;
}

/** Running counts of one set of follow-ups: its promises' verdicts and its channel consistency. */
interface Tally {
  verdicts: Omit<PromiseKept, keyof Rate>;
  sameChannel: number;
  fulfilled: number;
}

const newTally = (): Tally => ({ verdicts: { kept: 0, early: 0, late: 0, missed: 0, skipped: 0, openPastDue: 0, pending: 0 }, sameChannel: 0, fulfilled: 0 });

/** verdict: null for a follow-up that was not promised. */
function addToTally(tally: Tally, row: PromiseRow, verdict: PromiseVerdict | null): void {
  if (verdict === 'open-past-due') tally.verdicts.openPastDue++;
  else if (verdict !== null && verdict !== 'not-counted') tally.verdicts[verdict]++;
  // Done follow-ups (promised or not) whose fulfilling touch used the follow-up's channel: the same
  // rule as the channel-mismatch warning. One marked done with no touch naming it is not counted.
  if (row.status === 'done' && row.fulfilledChannel !== null) {
    tally.fulfilled++;
    if (row.fulfilledChannel === row.channel) tally.sameChannel++;
  }
}

/** The denominator is every promise whose fate is known: kept, or broken in time. */
function promiseKeptOf({ verdicts }: Tally): PromiseKept {
  const broken = verdicts.early + verdicts.late + verdicts.missed + verdicts.skipped + verdicts.openPastDue;
  return { ...rateOf(verdicts.kept, verdicts.kept + broken), ...verdicts };
}

const consistencyOf = (tally: Tally): Rate => rateOf(tally.sameChannel, tally.fulfilled);

export interface WeeklyRates {
  week: string;
  promiseKept: Rate;
  consistency: Rate;
}

export interface PromiseInsights {
  promiseKept: PromiseKept;
  consistency: Rate;
  /** Per week of the agreed day, for "over time" charts. */
  weekly: WeeklyRates[];
}

/** Promise-kept (promised follow-ups only) and consistency, overall and per week, in one pass. */
export function promiseInsights(rows: readonly PromiseRow[], weeks: readonly string[], nowMs: number): PromiseInsights {
  const total = newTally();
  const byWeek = new Map(weeks.map((week) => [week, newTally()]));
  const weekOfDay = memoize(weekOf);
  for (const row of rows) {
    const verdict = row.promised ? promiseVerdict(row, nowMs) : null;
    addToTally(total, row, verdict);
    const week = byWeek.get(weekOfDay(row.dueLocal.slice(0, 10)));
    if (week) addToTally(week, row, verdict);
  }
  return {
    promiseKept: promiseKeptOf(total),
    consistency: consistencyOf(total),
    weekly: [...byWeek].map(([week, tally]) => {
      const kept = promiseKeptOf(tally);
      return { week, promiseKept: rateOf(kept.numerator, kept.denominator), consistency: consistencyOf(tally) };
    }),
  };
}

export const promiseKept = (rows: readonly PromiseRow[], nowMs: number): PromiseKept => promiseInsights(rows, [], nowMs).promiseKept;
export const consistency = (rows: readonly PromiseRow[]): Rate => promiseInsights(rows, [], 0).consistency;
export const weeklyRates = (rows: readonly PromiseRow[], weeks: readonly string[], nowMs: number): WeeklyRates[] => promiseInsights(rows, weeks, nowMs).weekly;

function memoize(fn: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = fn(key)));
    return value;
  };
}

// ── Weeks (Monday to Sunday, in the viewer's zone) ───────────────────────────────────────────────

/** The Monday of a local date's ISO week. */
export function weekOf(localDate: string): string {
  const date = Temporal.PlainDate.from(localDate);
  return date.subtract({ days: date.dayOfWeek - 1 }).toString();
}

/** The Mondays of every week that overlaps [from, to] (local dates, inclusive). */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (let week = Temporal.PlainDate.from(weekOf(from)); Temporal.PlainDate.compare(week, last) <= 0; week = week.add({ weeks: 1 })) {
    weeks.push(week.toString());
  }
  return weeks;
}

// ── Overdue ──────────────────────────────────────────────────────────────────────────────────────

export interface OverdueRow extends Due {
  status: FollowUpStatus;
  doneAt: string | null;
}

/**
 * When a follow-up becomes overdue and when it stops being. A timed one is overdue from its due
 * instant; an all-day one once its day is over in its zone (as on Today). It stops when it leaves
 * "open" (done_at); one that left "open" with no recorded instant is treated as never overdue.
 */
export function overdueSpan(row: OverdueRow): { from: number; until: number | null } {
  const from = row.allDay ? dayRange(row.dueLocal.slice(0, 10), row.timeZone).end : Date.parse(row.dueAt);
  if (row.status === 'open') return { from, until: null };
  return { from, until: row.doneAt === null ? from : Date.parse(row.doneAt) };
}

const overdueIn = (span: { from: number; until: number | null }, atMs: number): boolean => span.from < atMs && (span.until === null || span.until > atMs);

export function isOverdueAt(row: OverdueRow, atMs: number): boolean {
  return overdueIn(overdueSpan(row), atMs);
}

export function overdueCount(rows: readonly OverdueRow[], atMs: number): number {
  return rows.filter((row) => isOverdueAt(row, atMs)).length;
}

export interface OverduePoint {
  week: string;
  /** The instant measured: the week's end, or the period's end or now if earlier. */
  at: string;
  count: number;
}

/**
 * Follow-ups overdue at the end of each week (or at the period's end, or now, if earlier),
 * reconstructed from today's rows: there is no history of reschedules, so a follow-up moved since
 * is counted at its current due. Weeks that have not started yet are left out.
 */
export function overdueTrend(rows: readonly OverdueRow[], weeks: readonly string[], zone: string, periodEndMs: number, nowMs: number): OverduePoint[] {
  const spans = rows.map(overdueSpan);
  const points: OverduePoint[] = [];
  for (const week of weeks) {
    const { start } = dayRange(week, zone);
    if (start >= nowMs) continue;
    const weekEnd = dayRange(Temporal.PlainDate.from(week).add({ weeks: 1 }).toString(), zone).start;
    const at = Math.min(weekEnd, periodEndMs, nowMs);
    points.push({ week, at: formatInstant(at), count: spans.filter((span) => overdueIn(span, at)).length });
  }
  return points;
}

// ── Touches: connect and reply rates ─────────────────────────────────────────────────────────────

/** A count of touches with the same channel and result (a SQL GROUP BY row). */
export interface TouchGroup {
  channel: Channel;
  result: InteractionResult | null;
  count: number;
}

/** Reached the person: a call connected, a meeting held (a meeting logged without a result was held). */
export function isConnect(channel: Channel, result: InteractionResult | null): boolean {
  return result !== 'replied' && isConversation(channel, result);
}

export function isReply(result: InteractionResult | null): boolean {
  return result === 'replied';
}

export interface TouchRates {
  touches: number;
  connect: Rate;
  reply: Rate;
}

export function touchRates(groups: readonly TouchGroup[]): TouchRates {
  let touches = 0;
  let connected = 0;
  let replied = 0;
  for (const g of groups) {
    touches += g.count;
    if (isConnect(g.channel, g.result)) connected += g.count;
    if (isReply(g.result)) replied += g.count;
  }
  return { touches, connect: rateOf(connected, touches), reply: rateOf(replied, touches) };
}

/** One row per channel that has touches, in the vocabulary's order. */
export function ratesByChannel(groups: readonly TouchGroup[]): Array<TouchRates & { channel: Channel }> {
  return channels
    .map((channel) => ({ channel, ...touchRates(groups.filter((g) => g.channel === channel)) }))
    .filter((row) => row.touches > 0);
}

/** Touches grouped by the minute they occurred (UTC) and the contact's zone. */
export interface TimedTouchGroup extends TouchGroup {
  occurredAtMs: number;
  timeZone: string;
}

/** The hour on the contact's clock, 0–23. */
export function localHourOf(epochMs: number, zone: string): number {
  return Number(localTimeOf(epochMs, zone).slice(0, 2));
}

/** All 24 hours of the contact's day, empty ones included (their rates are null). */
export function ratesByLocalHour(groups: readonly TimedTouchGroup[]): Array<TouchRates & { hour: number }> {
  const byHour: TouchGroup[][] = Array.from({ length: 24 }, () => []);
  for (const g of groups) byHour[localHourOf(g.occurredAtMs, g.timeZone)]?.push(g);
  return byHour.map((inHour, hour) => ({ hour, ...touchRates(inHour) }));
}

export interface StepTouchGroup extends TouchGroup {
  playbookKey: string | null;
  stepId: string;
}

export interface StepLabel {
  playbookName: string | null;
  stepTitle: string | null;
  /** The step's position in its playbook, for ordering; null when the step is gone from it. */
  position: number | null;
}

export interface StepRates extends TouchRates {
  playbookKey: string | null;
  playbookName: string | null;
  stepId: string;
  stepTitle: string | null;
}

/** One row per playbook step, by playbook then the step's place in it (steps since removed last). */
export function ratesByStep(groups: readonly StepTouchGroup[], labelOf: (playbookKey: string | null, stepId: string) => StepLabel): StepRates[] {
  const byStep = new Map<string, StepTouchGroup[]>();
  for (const g of groups) {
    const key = JSON.stringify([g.playbookKey, g.stepId]);
    const list = byStep.get(key);
    if (list) list.push(g);
    else byStep.set(key, [g]);
  }
  const rows = [...byStep.values()].map((list) => {
    const first = list[0] as StepTouchGroup;
    const label = labelOf(first.playbookKey, first.stepId);
    return { row: { playbookKey: first.playbookKey, playbookName: label.playbookName, stepId: first.stepId, stepTitle: label.stepTitle, ...touchRates(list) }, position: label.position };
  });
  const text = (s: string | null) => s ?? '\uffff';
  rows.sort((a, b) => text(a.row.playbookKey).localeCompare(text(b.row.playbookKey))
    || (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER)
    || a.row.stepId.localeCompare(b.row.stepId));
  return rows.map((r) => r.row);
}

// ── Touches to close ─────────────────────────────────────────────────────────────────────────────

export interface ClosedGroup {
  closedOnTouch: number;
  status: OpportunityStatus;
  count: number;
}

export interface TouchesToCloseBucket {
  touch: number;
  won: number;
  lost: number;
}

/**
 * The "fifth follow-up" curve: won and lost opportunities by the touch they closed on, every touch
 * from 1 (or 0, if something closed before any counted touch) to the highest, empty ones included.
 */
export function touchesToClose(groups: readonly ClosedGroup[]): TouchesToCloseBucket[] {
  const closed = groups.filter((g) => g.status !== 'open' && g.count > 0);
  if (closed.length === 0) return [];
  const touches = closed.map((g) => g.closedOnTouch);
  const low = Math.min(1, ...touches);
  const high = Math.max(...touches);
  const buckets: TouchesToCloseBucket[] = [];
  for (let touch = low; touch <= high; touch++) buckets.push({ touch, won: 0, lost: 0 });
  for (const g of closed) {
    const bucket = buckets[g.closedOnTouch - low];
    if (bucket && g.status === 'won') bucket.won += g.count;
    else if (bucket && g.status === 'lost') bucket.lost += g.count;
  }
  return buckets;
}
