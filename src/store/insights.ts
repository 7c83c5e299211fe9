import { sql } from 'kysely';
import type { ClosedGroup, OverdueRow, PromiseRow, StepTouchGroup, TimedTouchGroup } from '../core/insights.js';
import type { Channel } from '../core/types.js';
import { bool, type Db } from './db.js';

/**
 * The queries behind Insights. Counting is done in SQL where a GROUP BY says it; anything that
 * needs a time zone (SQLite has none) comes back as compact rows for src/core/insights.ts. Every
 * query, subqueries included, is scoped by workspace.
 */

export interface InsightsScope {
  workspaceId: string;
  /** One salesperson: the follow-up's assignee, the touch's author, the opportunity's owner. */
  userId: string | null;
}

/** Instants as stored: fixed-width UTC ISO strings, so they compare as text on both dialects. */
export interface InstantRange {
  from: string;
  until: string;
}

const count = (value: unknown): number => Number(value ?? 0);

const ID_CHUNK = 5000;

/**
 * The touch that fulfilled each follow-up (the first, should history ever hold two). Looked up by
 * lists of ids: interactions.follow_up_id has no index, and a join from follow-ups is planned as a
 * nested loop over the workspace's touches (SQLite, and PostgreSQL before it has statistics). One
 * pass over the touches per chunk of ids stays linear.
 */
export async function fulfillingTouches(db: Db, workspaceId: string, followUpIds: string[]): Promise<Map<string, { at: string; channel: Channel }>> {
  const fulfilment = new Map<string, { at: string; channel: Channel }>();
  for (let i = 0; i < followUpIds.length; i += ID_CHUNK) {
    const touches = await db.selectFrom('interactions')
      .select(['follow_up_id', 'occurred_at', 'channel'])
      .where('workspace_id', '=', workspaceId).where('follow_up_id', 'in', followUpIds.slice(i, i + ID_CHUNK))
      .orderBy('occurred_at')
      .execute();
    for (const touch of touches) {
      if (touch.follow_up_id !== null && !fulfilment.has(touch.follow_up_id)) fulfilment.set(touch.follow_up_id, { at: touch.occurred_at, channel: touch.channel });
    }
  }
  return fulfilment;
}

/**
 * Follow-ups whose agreed day (its local date, in the zone it was agreed in) is in [fromDate,
 * untilDate), promised or done, with the touch that fulfilled each. `dueAt` is a coarse index-friendly
 * bound that must contain the agreed days (a day either side is enough: zones are within ±14 h).
 */
export async function promiseRows(db: Db, scope: InsightsScope, agreed: { fromDate: string; untilDate: string }, dueAt: InstantRange): Promise<PromiseRow[]> {
  let query = db.selectFrom('follow_ups')
    .select(['id', 'promised', 'status', 'channel', 'due_at', 'due_local', 'time_zone', 'all_day', 'done_at'])
    .where('workspace_id', '=', scope.workspaceId)
    .where('due_at', '>=', dueAt.from).where('due_at', '<', dueAt.until)
    // A local date is a prefix of a local date-time, so text order is date order for both forms.
    .where('due_local', '>=', agreed.fromDate).where('due_local', '<', agreed.untilDate)
    .where((eb) => eb.or([eb('promised', '=', 1), eb('status', '=', 'done')]));
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  const followUps = await query.execute();
  const fulfilment = await fulfillingTouches(db, scope.workspaceId, followUps.filter((f) => f.status === 'done').map((f) => f.id));
  return followUps.map((r) => ({
    promised: bool(r.promised), status: r.status, channel: r.channel,
    dueAt: r.due_at, dueLocal: r.due_local, timeZone: r.time_zone, allDay: bool(r.all_day), doneAt: r.done_at,
    fulfilledAt: fulfilment.get(r.id)?.at ?? null, fulfilledChannel: fulfilment.get(r.id)?.channel ?? null,
  }));
}

/**
 * Promised follow-ups due before `dueBefore` that are still open, or that were closed after
 * `closedAfter`: everything that can have been overdue at some instant from closedAfter on.
 */
export async function overdueRows(db: Db, scope: InsightsScope, dueBefore: string, closedAfter: string): Promise<OverdueRow[]> {
  let query = db.selectFrom('follow_ups')
    .select(['status', 'due_at', 'due_local', 'time_zone', 'all_day', 'done_at'])
    .where('workspace_id', '=', scope.workspaceId).where('promised', '=', 1).where('due_at', '<', dueBefore)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('done_at', 'is not', null), eb('done_at', '>', closedAfter)])]));
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    status: r.status, dueAt: r.due_at, dueLocal: r.due_local, timeZone: r.time_zone, allDay: bool(r.all_day), doneAt: r.done_at,
  }));
}

/**
 * Outbound touches in the range, counted per channel, result, contact zone and minute (UTC): the
 * minute and zone are all the contact's local hour needs, and touches share them often enough to
 * keep the rows few.
 */
export async function touchGroupsByMinute(db: Db, scope: InsightsScope, range: InstantRange): Promise<TimedTouchGroup[]> {
  // Literal SQL, no parameters: PostgreSQL must see the SELECT and GROUP BY expressions as identical.
  const minute = sql<string>`substr(i.occurred_at, 1, 16)`;
  let query = db.selectFrom('interactions as i')
    .innerJoin('contacts as c', (join) => join.onRef('c.id', '=', 'i.contact_id').onRef('c.workspace_id', '=', 'i.workspace_id'))
    .select((eb) => ['c.time_zone', minute.as('minute'), 'i.channel', 'i.result', eb.fn.countAll().as('n')])
    .where('i.workspace_id', '=', scope.workspaceId).where('i.direction', '=', 'out')
    .where('i.occurred_at', '>=', range.from).where('i.occurred_at', '<', range.until);
  if (scope.userId) query = query.where('i.user_id', '=', scope.userId);
  const rows = await query.groupBy(['c.time_zone', minute, 'i.channel', 'i.result']).execute();
  return rows.map((r) => ({
    timeZone: r.time_zone, occurredAtMs: Date.parse(`${r.minute}:00Z`), channel: r.channel,
    result: r.result, count: count(r.n),
  }));
}

/** Touches in the range that fulfilled a playbook step's follow-up, counted per step, channel and result. */
export async function stepTouchGroups(db: Db, scope: InsightsScope, range: InstantRange): Promise<StepTouchGroup[]> {
  let query = db.selectFrom('interactions as i')
    .innerJoin('follow_ups as f', (join) => join.onRef('f.id', '=', 'i.follow_up_id').onRef('f.workspace_id', '=', 'i.workspace_id'))
    .leftJoin('enrollments as e', (join) => join.onRef('e.id', '=', 'f.enrollment_id').onRef('e.workspace_id', '=', 'f.workspace_id'))
    .select((eb) => ['e.playbook_key', 'f.step_id', 'i.channel', 'i.result', eb.fn.countAll().as('n')])
    .where('i.workspace_id', '=', scope.workspaceId).where('f.step_id', 'is not', null)
    .where('i.occurred_at', '>=', range.from).where('i.occurred_at', '<', range.until);
  if (scope.userId) query = query.where('i.user_id', '=', scope.userId);
  const rows = await query.groupBy(['e.playbook_key', 'f.step_id', 'i.channel', 'i.result']).execute();
  return rows.map((r) => ({
    playbookKey: r.playbook_key, stepId: r.step_id ?? '', channel: r.channel, result: r.result, count: count(r.n),
  }));
}

/** Opportunities won or lost in the range, counted by the touch they closed on. */
export async function closedGroups(db: Db, scope: InsightsScope, range: InstantRange): Promise<ClosedGroup[]> {
  let query = db.selectFrom('opportunities')
    .select((eb) => ['closed_on_touch', 'status', eb.fn.countAll().as('n')])
    .where('workspace_id', '=', scope.workspaceId).where('status', 'in', ['won', 'lost']).where('closed_on_touch', 'is not', null)
    .where('closed_at', '>=', range.from).where('closed_at', '<', range.until);
  if (scope.userId) query = query.where('owner_id', '=', scope.userId);
  const rows = await query.groupBy(['closed_on_touch', 'status']).execute();
  return rows.map((r) => ({ closedOnTouch: r.closed_on_touch ?? 0, status: r.status, count: count(r.n) }));
}

export interface StalledOpportunity {
  opportunityId: string;
  title: string;
  contactId: string;
  contactName: string;
  company: string | null;
  ownerId: string | null;
  touches: number;
  createdAt: string;
  /** The contact's latest logged touch, if any. */
  lastTouchAt: string | null;
}

/**
 * Open opportunities whose contact has no open follow-up (the pipeline's "stalled"): how many, out
 * of how many open, and the `limit` that have waited longest since their last touch (or creation).
 */
export async function stalledOpportunities(db: Db, scope: InsightsScope, limit: number): Promise<{ count: number; open: number; items: StalledOpportunity[] }> {
  const open = () => {
    let query = db.selectFrom('opportunities as o').where('o.workspace_id', '=', scope.workspaceId).where('o.status', '=', 'open');
    if (scope.userId) query = query.where('o.owner_id', '=', scope.userId);
    return query;
  };
  // Correlated on the opportunity's row, workspace included: with the workspace as a constant, a
  // planner without statistics scans all its open follow-ups once per opportunity.
  const stalled = () => open().where(({ not, exists, selectFrom }) => not(exists(selectFrom('follow_ups as f').select('f.id')
    .whereRef('f.workspace_id', '=', 'o.workspace_id').whereRef('f.contact_id', '=', 'o.contact_id').where('f.status', '=', 'open'))));

  const [openCount, stalledCount, items] = await Promise.all([
    open().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    stalled().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    stalled()
      .innerJoin('contacts as c', (join) => join.onRef('c.id', '=', 'o.contact_id').onRef('c.workspace_id', '=', 'o.workspace_id'))
      .select(({ selectFrom, fn, ref }) => {
        // Correlated on the scoped opportunity's contact, whose touches are all in its workspace. Naming the
        // workspace here as well makes SQLite walk the workspace index (every touch) instead of the contact's.
        const lastTouch = selectFrom('interactions as i').select((eb) => eb.fn.max('i.occurred_at').as('last'))
          .whereRef('i.contact_id', '=', 'o.contact_id');
        return [
          'o.id', 'o.title', 'o.contact_id', 'c.name', 'c.company', 'o.owner_id', 'o.touches', 'o.created_at',
          lastTouch.as('last_touch_at'),
          fn.coalesce(lastTouch, ref('o.created_at')).as('waiting_since'),
        ];
      })
      // Ordered by the output column's name: both dialects accept that, unlike the alias inside an expression.
      .orderBy('waiting_since').orderBy('o.id').limit(limit)
      .execute(),
  ]);
  return {
    count: count(stalledCount?.n),
    open: count(openCount?.n),
    items: items.map((r) => ({
      opportunityId: r.id, title: r.title, contactId: r.contact_id, contactName: r.name, company: r.company, ownerId: r.owner_id,
      touches: r.touches, createdAt: r.created_at, lastTouchAt: r.last_touch_at ?? null,
    })),
  };
}
