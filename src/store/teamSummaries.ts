import type { Role } from '../core/types.js';
import { toUser, toWorkspace, type User, type Workspace } from './accounts.js';
import type { Db } from './db.js';

/** The weekly team summary's records (migration 030): who gets it, and which weeks were queued. */

export interface SummaryRecipient {
  user: User;
  workspace: Workspace;
  role: Role;
}

/**
 * Active owners and admins, with each workspace they manage, who have not turned the summary off.
 * The role is a coarse filter here; the service decides with core's permission rule.
 */
export async function summaryRecipients(db: Db): Promise<SummaryRecipient[]> {
  const rows = await db.selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .selectAll('u')
    .select(['m.role', 'w.name as w_name', 'w.time_zone as w_time_zone', 'w.settings as w_settings', 'w.created_at as w_created_at'])
    .where('m.role', 'in', ['owner', 'admin']).where('u.deactivated_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('team_summary_opt_outs as o').select('o.user_id').whereRef('o.user_id', '=', 'u.id'))))
    .select('m.workspace_id')
    .orderBy('u.created_at').orderBy('u.id').orderBy('m.workspace_id')
    .execute();
  return rows.map((r) => ({
    user: toUser(r),
    workspace: toWorkspace({ id: r.workspace_id, name: r.w_name, time_zone: r.w_time_zone, settings: r.w_settings, created_at: r.w_created_at }),
    role: r.role,
  }));
}

export async function hasSummary(db: Db, userId: string, workspaceId: string, week: string): Promise<boolean> {
  const row = await db.selectFrom('team_summaries').select('user_id')
    .where('user_id', '=', userId).where('workspace_id', '=', workspaceId).where('week', '=', week).executeTakeFirst();
  return row !== undefined;
}

/** False when this week's summary is already recorded (ON CONFLICT: see insertDigest for why). */
export async function insertSummary(db: Db, s: { userId: string; workspaceId: string; week: string; outboxId: string; createdAt: string }): Promise<boolean> {
  const result = await db.insertInto('team_summaries').values({
    user_id: s.userId, workspace_id: s.workspaceId, week: s.week, outbox_id: s.outboxId, created_at: s.createdAt,
  }).onConflict((oc) => oc.columns(['user_id', 'workspace_id', 'week']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listSummaries(db: Db, userId: string): Promise<Array<{ workspaceId: string; week: string; outboxId: string }>> {
  const rows = await db.selectFrom('team_summaries').selectAll().where('user_id', '=', userId).orderBy('week').orderBy('workspace_id').execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, week: r.week, outboxId: r.outbox_id }));
}

/** Whether the user exists and has not turned the summary off. */
export async function wantsSummary(db: Db, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const row = await db.selectFrom('users as u').leftJoin('team_summary_opt_outs as o', 'o.user_id', 'u.id')
    .select(['u.id', 'o.user_id as optedOut']).where('u.id', '=', userId).executeTakeFirst();
  return row !== undefined && row.optedOut === null;
}

export async function setSummaryOptOut(db: Db, userId: string, optOut: boolean, nowIso: string): Promise<void> {
  if (optOut) {
    await db.insertInto('team_summary_opt_outs').values({ user_id: userId, created_at: nowIso }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  } else {
    await db.deleteFrom('team_summary_opt_outs').where('user_id', '=', userId).execute();
  }
}
