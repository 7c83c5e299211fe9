import { sql, type Selectable } from 'kysely';
import type { Task } from '../core/tasks.js';
import type { Db } from './db.js';
import type { TasksTable } from './taskTables.js';

const toTask = (r: Selectable<TasksTable>): Task => ({
  id: r.id, workspaceId: r.workspace_id, ownerId: r.owner_id, title: r.title, notes: r.notes, dueLocal: r.due_local,
  dueTime: r.due_time, dueTimeZone: r.due_time_zone, contactId: r.contact_id, opportunityId: r.opportunity_id,
  doneAt: r.done_at, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function insertTask(db: Db, t: Task): Promise<void> {
  await db.insertInto('tasks').values({
    id: t.id, workspace_id: t.workspaceId, owner_id: t.ownerId, title: t.title, notes: t.notes, due_local: t.dueLocal,
    due_time: t.dueTime, due_time_zone: t.dueTimeZone, contact_id: t.contactId, opportunity_id: t.opportunityId,
    done_at: t.doneAt, created_by: t.createdBy, created_at: t.createdAt, updated_at: t.updatedAt,
  }).execute();
}

export async function findTask(db: Db, workspaceId: string, id: string): Promise<Task | null> {
  const row = await db.selectFrom('tasks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toTask(row) : null;
}

export interface TaskFilter {
  /** null: everyone's in the workspace. */
  ownerId: string | null;
  status: 'open' | 'done' | 'all';
  /** Only those due on or before this day. */
  dueOnOrBefore?: string | undefined;
  limit: number;
}

export async function listTasks(db: Db, workspaceId: string, filter: TaskFilter): Promise<Task[]> {
  let query = db.selectFrom('tasks').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.ownerId !== null) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.status === 'open') query = query.where('done_at', 'is', null);
  if (filter.status === 'done') query = query.where('done_at', 'is not', null);
  if (filter.dueOnOrBefore) query = query.where('due_local', '<=', filter.dueOnOrBefore);
  const rows = await query.orderBy('due_local').orderBy(sql`due_time IS NULL`).orderBy('due_time').orderBy('created_at').orderBy('id').limit(filter.limit).execute();
  return rows.map(toTask);
}

/** The owner's open tasks due up to a day (tasks_agenda index), for the agenda. */
export async function openTasksDueBy(db: Db, workspaceId: string, ownerId: string, day: string): Promise<Task[]> {
  const rows = await db.selectFrom('tasks').selectAll()
    .where('workspace_id', '=', workspaceId).where('owner_id', '=', ownerId).where('done_at', 'is', null).where('due_local', '<=', day)
    .execute();
  return rows.map(toTask);
}

export type TaskPatch = Partial<Pick<Task, 'title' | 'notes' | 'dueLocal' | 'dueTime' | 'dueTimeZone' | 'ownerId' | 'contactId' | 'opportunityId' | 'doneAt'>> & { updatedAt: string };

export async function updateTask(db: Db, workspaceId: string, id: string, patch: TaskPatch): Promise<void> {
  await db.updateTable('tasks').set({
    updated_at: patch.updatedAt,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
    ...(patch.dueLocal !== undefined ? { due_local: patch.dueLocal } : {}),
    ...(patch.dueTime !== undefined ? { due_time: patch.dueTime } : {}),
    ...(patch.dueTimeZone !== undefined ? { due_time_zone: patch.dueTimeZone } : {}),
    ...(patch.ownerId !== undefined ? { owner_id: patch.ownerId } : {}),
    ...(patch.contactId !== undefined ? { contact_id: patch.contactId } : {}),
    ...(patch.opportunityId !== undefined ? { opportunity_id: patch.opportunityId } : {}),
    ...(patch.doneAt !== undefined ? { done_at: patch.doneAt } : {}),
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteTask(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('tasks').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
