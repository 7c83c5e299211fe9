import { AppError } from '../core/errors.js';
import {
  agreedDayBounds, dayAfter, overdueCount, overdueTrend, promiseInsights, ratesByChannel, ratesByLocalHour, ratesByStep,
  resolvePeriod, touchesToClose, weeksOf,
  type OverduePoint, type PromiseKept, type Rate, type StepLabel, type StepRates, type TouchesToCloseBucket, type TouchRates, type WeeklyRates,
} from '../core/insights.js';
import { builtinPlaybooks } from '../core/playbooks/builtins.js';
import type { Playbook } from '../core/playbooks/types.js';
import { dayRange, formatInstant, todayIn } from '../core/time.js';
import type { Channel } from '../core/types.js';
import { findMembership } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import * as store from '../store/insights.js';
import { listPlaybooks } from '../store/playbooks.js';
import type { Actor, ServiceDeps } from './deps.js';

export interface InsightsQuery {
  from?: string | undefined;
  to?: string | undefined;
  userId?: string | undefined;
}

export interface Insights {
  period: { from: string; to: string; timeZone: string; userId: string | null; now: string };
  promiseKept: PromiseKept;
  consistency: Rate;
  touchesToClose: TouchesToCloseBucket[];
  byChannel: Array<TouchRates & { channel: Channel }>;
  byStep: StepRates[];
  byHour: Array<TouchRates & { hour: number }>;
  weekly: WeeklyRates[];
  overdue: { count: number; trend: OverduePoint[] };
  stalled: { count: number; openOpportunities: number; items: store.StalledOpportunity[] };
}

const STALLED_SHOWN = 20;

/**
 * How well the team (or one salesperson) follows through over a period of the viewer's local days.
 * Overdue and stalled are as of now, whatever the period.
 */
export async function insightsFor(deps: ServiceDeps, actor: Actor, query: InsightsQuery): Promise<Insights> {
  const db = deps.store.db;
  const zone = actor.user.timeZone;
  const now = deps.clock();
  const period = resolvePeriod(query, todayIn(now, zone));
  const userId = query.userId ?? null;
  if (userId !== null && !(await findMembership(db, actor.workspace.id, userId))) {
    throw AppError.invalid('userId', 'no such user in this workspace');
  }
  const scope: store.InsightsScope = { workspaceId: actor.workspace.id, userId };
  const start = dayRange(period.from, zone).start;
  const end = dayRange(period.to, zone).end;
  const range: store.InstantRange = { from: formatInstant(start), until: formatInstant(end) };
  const weeks = weeksOf(period.from, period.to);
  const firstWeekStart = dayRange(weeks[0] ?? period.from, zone).start;
  const agreedUntil = dayAfter(period.to);

  const [promises, overdueRows, touchGroups, stepGroups, closed, stalled, labelOf] = await Promise.all([
    store.promiseRows(db, scope, { fromDate: period.from, untilDate: agreedUntil }, agreedDayBounds(period.from, agreedUntil)),
    store.overdueRows(db, scope, formatInstant(now), formatInstant(firstWeekStart)),
    store.touchGroupsByMinute(db, scope, range),
    store.stepTouchGroups(db, scope, range),
    store.closedGroups(db, scope, range),
    store.stalledOpportunities(db, scope, STALLED_SHOWN),
    stepLabels(db, actor.workspace.id),
  ]);

  const kept = promiseInsights(promises, weeks, now);
  return {
    period: { ...period, timeZone: zone, userId, now: formatInstant(now) },
    promiseKept: kept.promiseKept,
    consistency: kept.consistency,
    touchesToClose: touchesToClose(closed),
    byChannel: ratesByChannel(touchGroups),
    byStep: ratesByStep(stepGroups, labelOf),
    byHour: ratesByLocalHour(touchGroups),
    weekly: kept.weekly,
    overdue: {
      count: overdueCount(overdueRows.filter((row) => row.status === 'open'), now),
      trend: overdueTrend(overdueRows, weeks, zone, end, now),
    },
    stalled: { count: stalled.count, openOpportunities: stalled.open, items: stalled.items },
  };
}

/** Names for playbook steps, from the built-ins and the workspace's own playbooks as they are now. */
async function stepLabels(db: Db, workspaceId: string): Promise<(playbookKey: string | null, stepId: string) => StepLabel> {
  const playbooks = new Map<string, Playbook>(builtinPlaybooks.map((p) => [p.key, p]));
  for (const own of await listPlaybooks(db, workspaceId)) playbooks.set(own.playbook.key, own.playbook);
  return (playbookKey, stepId) => {
    const playbook = playbookKey === null ? undefined : playbooks.get(playbookKey);
    const position = playbook ? playbook.steps.findIndex((s) => s.id === stepId) : -1;
    return {
      playbookName: playbook?.name ?? null,
      stepTitle: playbook?.steps[position]?.title ?? null,
      position: position >= 0 ? position : null,
    };
  };
}
