import { sql } from 'kysely';
import type { OverdueRow, PromiseRow } from '../core/insights.js';
import type { Channel, Direction, InteractionResult } from '../core/types.js';
import { bit, bool, decodeCursor, pageOf, type Db, type Page } from './db.js';
import { fulfillingTouches, type InstantRange } from './insights.js';

/**
 * The queries behind the manager's view: one grouped query per figure for the whole team (or one
 * salesperson), never one per user, and the pages behind each figure. Every query is scoped by
 * workspace; `userId` null means everyone in it.
 */

export interface TeamScope {
  workspaceId: string;
  userId: string | null;
}

const count = (value: unknown): number => Number(value ?? 0);

/** As Insights' promiseRows, with the assignee: promised or done follow-ups whose agreed day is in range. */
export async function teamPromiseRows(db: Db, scope: TeamScope, agreed: { fromDate: string; untilDate: string }, dueAt: InstantRange): Promise<Array<PromiseRow & { userId: string | null }>> {
  let query = db.selectFrom('follow_ups')
    .select(['id', 'user_id', 'promised', 'status', 'channel', 'due_at', 'due_local', 'time_zone', 'all_day', 'done_at'])
    .where('workspace_id', '=', scope.workspaceId)
    .where('due_at', '>=', dueAt.from).where('due_at', '<', dueAt.until)
    .where('due_local', '>=', agreed.fromDate).where('due_local', '<', agreed.untilDate)
    .where((eb) => eb.or([eb('promised', '=', 1), eb('status', '=', 'done')]));
  if (scope.userId) query = query.where('user_id', '=', scope.userId);
  const rows = await query.execute();
  const fulfilment = await fulfillingTouches(db, scope.workspaceId, rows.filter((r) => r.status === 'done').map((r) => r.id));
  return rows.map((r) => ({
    userId: r.user_id, promised: bool(r.promised), status: r.status, channel: r.channel,
    dueAt: r.due_at, dueLocal: r.due_local, timeZone: r.time_zone, allDay: bool(r.all_day), doneAt: r.done_at,
    fulfilledAt: fulfilment.get(r.id)?.at ?? null, fulfilledChannel: fulfilment.get(r.id)?.channel ?? null,
  }));
}

/** A late promise as listed: the follow-up and who it was made to. */
export interface LatePromise extends OverdueRow {
  followUpId: string;
  userId: string | null;
  contactId: string;
  contactName: string;
  company: string | null;
  channel: Channel;
  agenda: string | null;
}

/** Open promised follow-ups due before `now` (core's overdue rule then drops all-day ones whose day is not over). */
export async function openPromisesDueBefore(db: Db, scope: TeamScope, now: string): Promise<LatePromise[]> {
  let query = db.selectFrom('follow_ups as f')
    .innerJoin('contacts as c', (join) => join.onRef('c.id', '=', 'f.contact_id').onRef('c.workspace_id', '=', 'f.workspace_id'))
    .select(['f.id', 'f.user_id', 'f.contact_id', 'c.name', 'c.company', 'f.channel', 'f.agenda', 'f.status', 'f.due_at', 'f.due_local', 'f.time_zone', 'f.all_day', 'f.done_at'])
    .where('f.workspace_id', '=', scope.workspaceId).where('f.status', '=', 'open').where('f.promised', '=', 1).where('f.due_at', '<', now);
  if (scope.userId) query = query.where('f.user_id', '=', scope.userId);
  const rows = await query.orderBy('f.due_at').orderBy('f.id').execute();
  return rows.map((r) => ({
    followUpId: r.id, userId: r.user_id, contactId: r.contact_id, contactName: r.name, company: r.company, channel: r.channel, agenda: r.agenda,
    status: r.status, dueAt: r.due_at, dueLocal: r.due_local, timeZone: r.time_zone, allDay: bool(r.all_day), doneAt: r.done_at,
  }));
}

// Correlated on the row's own workspace and contact: each is one seek on follow_ups_contact.
const noOpenFollowUp = sql<boolean>`not exists (select 1 from follow_ups f where f.contact_id = o.contact_id and f.workspace_id = o.workspace_id and f.status = 'open')`;
const contactHasNoOpenFollowUp = sql<boolean>`not exists (select 1 from follow_ups f where f.contact_id = c.id and f.workspace_id = c.workspace_id and f.status = 'open')`;

function stalledQuery(db: Db, scope: TeamScope) {
  let query = db.selectFrom('opportunities as o').where('o.workspace_id', '=', scope.workspaceId).where('o.status', '=', 'open').where(noOpenFollowUp);
  if (scope.userId) query = query.where('o.owner_id', '=', scope.userId);
  return query;
}

function noNextStepQuery(db: Db, scope: TeamScope) {
  let query = db.selectFrom('contacts as c').where('c.workspace_id', '=', scope.workspaceId)
    .where('c.do_not_contact', '=', bit(false)).where(contactHasNoOpenFollowUp);
  if (scope.userId) query = query.where('c.owner_id', '=', scope.userId);
  return query;
}

/** Stalled opportunities (open, their contact has no open follow-up), counted per owner. */
export async function stalledByOwner(db: Db, scope: TeamScope): Promise<Array<{ userId: string | null; count: number }>> {
  const rows = await stalledQuery(db, scope).select((eb) => ['o.owner_id', eb.fn.countAll().as('n')]).groupBy('o.owner_id').execute();
  return rows.map((r) => ({ userId: r.owner_id, count: count(r.n) }));
}

/** Contacts that may be contacted and have nothing planned, counted per owner. */
export async function noNextStepByOwner(db: Db, scope: TeamScope): Promise<Array<{ userId: string | null; count: number }>> {
  const rows = await noNextStepQuery(db, scope).select((eb) => ['c.owner_id', eb.fn.countAll().as('n')]).groupBy('c.owner_id').execute();
  return rows.map((r) => ({ userId: r.owner_id, count: count(r.n) }));
}

/** Outbound touches in the range, counted per author and minute (UTC): each author's week is cut from these in core. */
export async function touchesByAuthorMinute(db: Db, scope: TeamScope, range: InstantRange): Promise<Array<{ userId: string | null; atMs: number; count: number }>> {
  // Literal SQL, no parameters: PostgreSQL must see the SELECT and GROUP BY expressions as identical.
  const minute = sql<string>`substr(i.occurred_at, 1, 16)`;
  let query = db.selectFrom('interactions as i')
    .select((eb) => ['i.user_id', minute.as('minute'), eb.fn.countAll().as('n')])
    .where('i.workspace_id', '=', scope.workspaceId).where('i.direction', '=', 'out')
    .where('i.occurred_at', '>=', range.from).where('i.occurred_at', '<', range.until);
  if (scope.userId) query = query.where('i.user_id', '=', scope.userId);
  const rows = await query.groupBy(['i.user_id', minute]).execute();
  return rows.map((r) => ({ userId: r.user_id, atMs: Date.parse(`${r.minute}:00Z`), count: count(r.n) }));
}

// ── The pages behind the figures ─────────────────────────────────────────────────────────────────

export interface StalledDeal {
  opportunityId: string;
  title: string;
  contactId: string;
  contactName: string;
  company: string | null;
  touches: number;
  createdAt: string;
}

/** One salesperson's stalled opportunities, oldest first. */
export async function stalledPage(db: Db, scope: TeamScope & { userId: string }, limit: number, cursor: string | undefined): Promise<Page<StalledDeal>> {
  let query = stalledQuery(db, scope)
    .innerJoin('contacts as c', (join) => join.onRef('c.id', '=', 'o.contact_id').onRef('c.workspace_id', '=', 'o.workspace_id'))
    .select(['o.id', 'o.title', 'o.contact_id', 'c.name', 'c.company', 'o.touches', 'o.created_at']);
  const after = decodeCursor(cursor, 2);
  if (after) {
    const [at = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('o.created_at', '>', at), eb.and([eb('o.created_at', '=', at), eb('o.id', '>', id)])]));
  }
  const rows = await query.orderBy('o.created_at').orderBy('o.id').limit(limit + 1).execute();
  const page = pageOf(rows, limit, (last) => [last.created_at, last.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({ opportunityId: r.id, title: r.title, contactId: r.contact_id, contactName: r.name, company: r.company, touches: r.touches, createdAt: r.created_at })),
  };
}

export interface IdleContact {
  contactId: string;
  name: string;
  company: string | null;
  timeZone: string;
  createdAt: string;
}

/** One salesperson's contacts with no next step, by name. */
export async function noNextStepPage(db: Db, scope: TeamScope & { userId: string }, limit: number, cursor: string | undefined): Promise<Page<IdleContact>> {
  let query = noNextStepQuery(db, scope).select(['c.id', 'c.name', 'c.name_search', 'c.company', 'c.time_zone', 'c.created_at']);
  const after = decodeCursor(cursor, 2);
  if (after) {
    const [name = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('c.name_search', '>', name), eb.and([eb('c.name_search', '=', name), eb('c.id', '>', id)])]));
  }
  const rows = await query.orderBy('c.name_search').orderBy('c.id').limit(limit + 1).execute();
  const page = pageOf(rows, limit, (last) => [last.name_search, last.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({ contactId: r.id, name: r.name, company: r.company, timeZone: r.time_zone, createdAt: r.created_at })),
  };
}

export interface TeamTouch {
  interactionId: string;
  contactId: string;
  contactName: string;
  company: string | null;
  channel: Channel;
  direction: Direction;
  result: InteractionResult | null;
  occurredAt: string;
}

/** One salesperson's outbound touches in the range, latest first. */
export async function touchesPage(db: Db, scope: TeamScope & { userId: string }, range: InstantRange, limit: number, cursor: string | undefined): Promise<Page<TeamTouch>> {
  let query = db.selectFrom('interactions as i')
    .innerJoin('contacts as c', (join) => join.onRef('c.id', '=', 'i.contact_id').onRef('c.workspace_id', '=', 'i.workspace_id'))
    .select(['i.id', 'i.contact_id', 'c.name', 'c.company', 'i.channel', 'i.direction', 'i.result', 'i.occurred_at'])
    .where('i.workspace_id', '=', scope.workspaceId).where('i.user_id', '=', scope.userId).where('i.direction', '=', 'out')
    .where('i.occurred_at', '>=', range.from).where('i.occurred_at', '<', range.until);
  const after = decodeCursor(cursor, 2);
  if (after) {
    const [at = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('i.occurred_at', '<', at), eb.and([eb('i.occurred_at', '=', at), eb('i.id', '<', id)])]));
  }
  const rows = await query.orderBy('i.occurred_at', 'desc').orderBy('i.id', 'desc').limit(limit + 1).execute();
  const page = pageOf(rows, limit, (last) => [last.occurred_at, last.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      interactionId: r.id, contactId: r.contact_id, contactName: r.name, company: r.company, channel: r.channel, direction: r.direction, result: r.result, occurredAt: r.occurred_at,
    })),
  };
}
