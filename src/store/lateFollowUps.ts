import type { Db } from './db.js';

/** A promised follow-up that passed its time, with what its announcement says. */
export interface LatePromise {
  id: string;
  workspaceId: string;
  contactId: string;
  contactName: string;
  userId: string | null;
  userTimeZone: string | null;
  dueAt: string;
  dueLocal: string;
  timeZone: string;
  allDay: boolean;
  channel: string;
  agenda: string | null;
}

/**
 * Open promises past their time (an all-day one once its day is over, roughly: `allDayCutoffIso`)
 * not yet announced, in workspaces with an endpoint that subscribed before the promise fell due:
 * a new endpoint is not flooded with every old late promise, and a workspace without one costs nothing.
 */
export async function unannouncedLatePromises(db: Db, nowIso: string, allDayCutoffIso: string, limit: number): Promise<LatePromise[]> {
  const rows = await db.selectFrom('follow_ups as f').innerJoin('contacts as c', 'c.id', 'f.contact_id').leftJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.id', 'f.workspace_id', 'f.contact_id', 'c.name as contact_name', 'f.user_id', 'u.time_zone as user_time_zone', 'f.due_at', 'f.due_local',
      'f.time_zone', 'f.all_day', 'f.channel', 'f.agenda'])
    .where('f.status', '=', 'open').where('f.promised', '=', 1)
    .where((eb) => eb.or([eb.and([eb('f.all_day', '=', 0), eb('f.due_at', '<', nowIso)]), eb.and([eb('f.all_day', '=', 1), eb('f.due_at', '<', allDayCutoffIso)])]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('late_announcements as a').select('a.follow_up_id').whereRef('a.follow_up_id', '=', 'f.id'))))
    .where(({ exists, selectFrom }) => exists(selectFrom('webhooks as w').select('w.id').whereRef('w.workspace_id', '=', 'f.workspace_id')
      .where('w.enabled', '=', 1).where('w.events', 'like', '%"follow-up.late"%').whereRef('w.created_at', '<=', 'f.due_at')))
    .orderBy('f.due_at').orderBy('f.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, workspaceId: r.workspace_id, contactId: r.contact_id, contactName: r.contact_name, userId: r.user_id, userTimeZone: r.user_time_zone ?? null,
    dueAt: r.due_at, dueLocal: r.due_local, timeZone: r.time_zone, allDay: Number(r.all_day) === 1, channel: r.channel, agenda: r.agenda,
  }));
}

/** True only for the one caller (on any instance) that announces it. */
export async function markAnnounced(db: Db, followUpId: string, workspaceId: string, nowIso: string): Promise<boolean> {
  const result = await db.insertInto('late_announcements').values({ follow_up_id: followUpId, workspace_id: workspaceId, announced_at: nowIso })
    .onConflict((oc) => oc.column('follow_up_id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Whether any endpoint anywhere listens for late promises: without one the watcher reads no follow-ups at all. */
export async function anyLateSubscriber(db: Db): Promise<boolean> {
  const row = await db.selectFrom('webhooks').select('id').where('enabled', '=', 1).where('events', 'like', '%"follow-up.late"%').limit(1).executeTakeFirst();
  return row !== undefined;
}
