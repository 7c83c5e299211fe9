import { AppError } from '../core/errors.js';
import { agreedDayBounds, dayAfter, isOverdueAt, resolvePeriod, type Period } from '../core/insights.js';
import { may } from '../core/permissions.js';
import { currentWeekWindow, teamRows, teamTotals, type TeamMember, type TeamRow, type TeamTotals, type TouchWindow } from '../core/team.js';
import { formatInstant, todayIn } from '../core/time.js';
import { usersOfWorkspace } from '../store/accounts.js';
import type { Db, Page } from '../store/db.js';
import * as store from '../store/team.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';
import { settingsOf } from './workspaceRules.js';

export interface TeamQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export interface TeamView {
  period: Period & { timeZone: string; now: string };
  scope: 'team' | 'self';
  members: TeamRow[];
  totals: TeamTotals;
}

/** Owners and admins see everyone; a member sees only their own figures (core/permissions `viewTeam`). */
const seesTeam = (actor: Actor): boolean => may(actor.role, 'viewTeam', settingsOf(actor.workspace).membersMay);

/** The workspace's active members, by name: the rows of the table. */
export async function teamMembers(db: Db, workspaceId: string): Promise<TeamMember[]> {
  const users = await usersOfWorkspace(db, workspaceId);
  return users.filter((u) => !u.deactivatedAt)
    .map((u) => ({ userId: u.id, name: u.name, email: u.email, timeZone: u.timeZone }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1));
}

/**
 * The figures of `members` in one workspace: one grouped query per figure for all of them.
 * Promises are counted over `period` (local dates in `zone`); late, stalled and no-next-step are as
 * of now; touches over each member's own window.
 */
export async function figuresFor(
  db: Db, workspaceId: string, members: readonly TeamMember[], period: Period, windowOf: (member: TeamMember) => TouchWindow, nowMs: number,
): Promise<{ members: TeamRow[]; totals: TeamTotals }> {
  const scope: store.TeamScope = { workspaceId, userId: members.length === 1 ? (members[0]?.userId ?? null) : null };
  const agreedUntil = dayAfter(period.to);
  const windows = members.map(windowOf);
  const touchRange = {
    from: formatInstant(Math.min(nowMs, ...windows.map((w) => w.from))),
    until: formatInstant(Math.max(nowMs, ...windows.map((w) => w.until))),
  };
  const [promises, overdue, stalled, noNextStep, touches] = await Promise.all([
    store.teamPromiseRows(db, scope, { fromDate: period.from, untilDate: agreedUntil }, agreedDayBounds(period.from, agreedUntil)),
    store.openPromisesDueBefore(db, scope, formatInstant(nowMs)),
    store.stalledByOwner(db, scope),
    store.noNextStepByOwner(db, scope),
    store.touchesByAuthorMinute(db, scope, touchRange),
  ]);
  const rows = teamRows(members, { promises, overdue, stalled, noNextStep, touches }, windowOf, nowMs);
  return { members: rows, totals: teamTotals(rows) };
}

export async function teamFor(deps: ServiceDeps, actor: Actor, query: TeamQuery): Promise<TeamView> {
  const db = deps.store.db;
  const now = deps.clock();
  const zone = actor.user.timeZone;
  const period = resolvePeriod(query, todayIn(now, zone));
  const everyone = await teamMembers(db, actor.workspace.id);
  const team = seesTeam(actor);
  const members = team ? everyone : everyone.filter((m) => m.userId === actor.user.id);
  const figures = await figuresFor(db, actor.workspace.id, members, period, (m) => currentWeekWindow(now, m.timeZone), now);
  return { period: { ...period, timeZone: zone, now: formatInstant(now) }, scope: team ? 'team' : 'self', ...figures };
}

/** A member may look behind their own figures; anyone else's needs `viewTeam`. */
async function drillMember(deps: ServiceDeps, actor: Actor, userId: string): Promise<TeamMember> {
  if (userId !== actor.user.id) requirePermission(actor, 'viewTeam');
  const member = (await teamMembers(deps.store.db, actor.workspace.id)).find((m) => m.userId === userId);
  if (!member) throw AppError.notFound('salesperson');
  return member;
}

export interface DrillQuery {
  limit: number;
  cursor?: string | undefined;
}

/** The items behind one figure of one salesperson, paged: their late promises, oldest first. */
export async function lateDrill(deps: ServiceDeps, actor: Actor, userId: string, query: DrillQuery): Promise<Page<store.LatePromise>> {
  const member = await drillMember(deps, actor, userId);
  const now = deps.clock();
  return latePage(await store.openPromisesDueBefore(deps.store.db, { workspaceId: actor.workspace.id, userId: member.userId }, formatInstant(now)), now, query);
}

export async function stalledDrill(deps: ServiceDeps, actor: Actor, userId: string, query: DrillQuery): Promise<Page<store.StalledDeal>> {
  const member = await drillMember(deps, actor, userId);
  return store.stalledPage(deps.store.db, { workspaceId: actor.workspace.id, userId: member.userId }, query.limit, query.cursor);
}

export async function noNextStepDrill(deps: ServiceDeps, actor: Actor, userId: string, query: DrillQuery): Promise<Page<store.IdleContact>> {
  const member = await drillMember(deps, actor, userId);
  return store.noNextStepPage(deps.store.db, { workspaceId: actor.workspace.id, userId: member.userId }, query.limit, query.cursor);
}

/** Their outbound touches this week (their zone), latest first. */
export async function touchesDrill(deps: ServiceDeps, actor: Actor, userId: string, query: DrillQuery): Promise<Page<store.TeamTouch>> {
  const member = await drillMember(deps, actor, userId);
  const window = currentWeekWindow(deps.clock(), member.timeZone);
  const range = { from: formatInstant(window.from), until: formatInstant(window.until) };
  return store.touchesPage(deps.store.db, { workspaceId: actor.workspace.id, userId: member.userId }, range, query.limit, query.cursor);
}

/**
 * Late promises are decided by core's overdue rule (an all-day one only once its day is over in its
 * zone), which SQL cannot apply; one person's late promises are few, so they are paged here, by offset.
 */
function latePage(candidates: store.LatePromise[], now: number, query: DrillQuery): Page<store.LatePromise> {
  const late = candidates.filter((row) => isOverdueAt(row, now));
  const offset = Math.max(0, Number.parseInt(query.cursor ?? '0', 10) || 0);
  const items = late.slice(offset, offset + query.limit);
  return { items, nextCursor: offset + query.limit < late.length ? String(offset + query.limit) : null };
}
