import { Temporal } from 'temporal-polyfill';
import { overdueCount, promiseInsights, rateOf, weekOf, type OverdueRow, type PromiseKept, type PromiseRow, type Rate } from './insights.js';
import { dayRange, localDateOf } from './time.js';

/**
 * The manager's view (issue 16 item 5): per salesperson, the figures Insights already defines
 * (promise-kept, consistency, overdue, stalled) plus promises due, contacts with no next step and
 * touches this week. Pure: the store hands over grouped rows, `now` is a parameter.
 */

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  timeZone: string;
}

/** The instants a salesperson's touches are counted in: their week, in their zone. */
export interface TouchWindow {
  /** The Monday the window's week starts on, in the member's zone. */
  week: string;
  from: number;
  until: number;
}

export interface TeamFigures {
  /** Promised follow-ups whose agreed day is in the period. */
  promisesDue: number;
  /** Of those, the ones still open now. */
  promisesOpen: number;
  /** Promised follow-ups open and past due now (the Insights overdue rule). */
  late: number;
  promiseKept: PromiseKept;
  consistency: Rate;
  /** Open opportunities they own whose contact has no open follow-up. */
  stalled: number;
  /** Contacts they own that may be contacted and have nothing planned. */
  noNextStep: number;
  touches: number;
  touchWeek: string;
}

export interface TeamRow extends TeamMember, TeamFigures {}

/** Grouped rows from the store, each carrying the salesperson it belongs to. */
export interface TeamInputs {
  promises: ReadonlyArray<PromiseRow & { userId: string | null }>;
  overdue: ReadonlyArray<OverdueRow & { userId: string | null }>;
  stalled: ReadonlyArray<{ userId: string | null; count: number }>;
  noNextStep: ReadonlyArray<{ userId: string | null; count: number }>;
  /** Touches counted per author and minute (UTC), so each author's own week can be cut from them. */
  touches: ReadonlyArray<{ userId: string | null; atMs: number; count: number }>;
}

/** The member's current week: from Monday 00:00 in their zone until now. */
export function currentWeekWindow(nowMs: number, zone: string): TouchWindow {
  const week = weekOf(localDateOf(nowMs, zone));
  return { week, from: dayRange(week, zone).start, until: nowMs };
}

/** The week before the current one, whole: Monday 00:00 to the next Monday 00:00 in the member's zone. */
export function previousWeekWindow(nowMs: number, zone: string): TouchWindow {
  const week = Temporal.PlainDate.from(weekOf(localDateOf(nowMs, zone))).subtract({ weeks: 1 }).toString();
  return { week, from: dayRange(week, zone).start, until: dayRange(Temporal.PlainDate.from(week).add({ weeks: 1 }).toString(), zone).start };
}

function groupBy<T extends { userId: string | null }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    if (row.userId === null) continue;
    const list = groups.get(row.userId);
    if (list) list.push(row);
    else groups.set(row.userId, [row]);
  }
  return groups;
}

const countsOf = (rows: ReadonlyArray<{ userId: string | null; count: number }>): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.userId !== null) counts.set(row.userId, (counts.get(row.userId) ?? 0) + row.count);
  return counts;
};

/** One row per member, in the order given; anything belonging to no listed member is left out. */
export function teamRows(members: readonly TeamMember[], inputs: TeamInputs, windowOf: (member: TeamMember) => TouchWindow, nowMs: number): TeamRow[] {
  const promises = groupBy(inputs.promises);
  const overdue = groupBy(inputs.overdue);
  const touches = groupBy(inputs.touches);
  const stalled = countsOf(inputs.stalled);
  const noNextStep = countsOf(inputs.noNextStep);
  return members.map((member) => {
    const own = (promises.get(member.userId) ?? []);
    const promised = own.filter((row) => row.promised);
    const kept = promiseInsights(own, [], nowMs);
    const window = windowOf(member);
    const touchCount = (touches.get(member.userId) ?? [])
      .filter((group) => group.atMs >= window.from && group.atMs < window.until)
      .reduce((sum, group) => sum + group.count, 0);
    return {
      ...member,
      promisesDue: promised.length,
      promisesOpen: promised.filter((row) => row.status === 'open').length,
      late: overdueCount((overdue.get(member.userId) ?? []).filter((row) => row.status === 'open'), nowMs),
      promiseKept: kept.promiseKept,
      consistency: kept.consistency,
      stalled: stalled.get(member.userId) ?? 0,
      noNextStep: noNextStep.get(member.userId) ?? 0,
      touches: touchCount,
      touchWeek: window.week,
    };
  });
}

export type TeamTotals = Omit<TeamFigures, 'touchWeek'>;

const sumRate = (rates: readonly Rate[]): Rate => rateOf(rates.reduce((s, r) => s + r.numerator, 0), rates.reduce((s, r) => s + r.denominator, 0));

/** The team as one: counts add up, and rates are pooled (sums over sums), not averaged. */
export function teamTotals(rows: readonly TeamRow[]): TeamTotals {
  const sum = (pick: (row: TeamRow) => number): number => rows.reduce((s, row) => s + pick(row), 0);
  const kept = sumRate(rows.map((row) => row.promiseKept));
  return {
    promisesDue: sum((r) => r.promisesDue),
    promisesOpen: sum((r) => r.promisesOpen),
    late: sum((r) => r.late),
    promiseKept: {
      ...kept,
      kept: sum((r) => r.promiseKept.kept), early: sum((r) => r.promiseKept.early), late: sum((r) => r.promiseKept.late),
      missed: sum((r) => r.promiseKept.missed), skipped: sum((r) => r.promiseKept.skipped),
      openPastDue: sum((r) => r.promiseKept.openPastDue), pending: sum((r) => r.promiseKept.pending),
    },
    consistency: sumRate(rows.map((row) => row.consistency)),
    stalled: sum((r) => r.stalled),
    noNextStep: sum((r) => r.noNextStep),
    touches: sum((r) => r.touches),
  };
}

/** A given week (its Monday) in the member's zone, cut off at now if it has not ended there yet. */
export function weekWindow(monday: string, zone: string, nowMs: number): TouchWindow {
  const next = Temporal.PlainDate.from(monday).add({ weeks: 1 }).toString();
  return { week: monday, from: dayRange(monday, zone).start, until: Math.min(dayRange(next, zone).start, nowMs) };
}
