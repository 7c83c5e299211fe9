/**
 * A salesperson's own tasks (issue 16 item 6; docs/tasks.md): add, list, change, complete, remove.
 * A member handles their own; owners and admins may give a task to anyone in the workspace and see
 * everyone's. Every write lands on the owner's Today through the agenda (services/agenda.ts), and
 * the agenda cache notices it by trigger (migration 031).
 */
import { AppError } from '../core/errors.js';
import { compareTasks, mayHandleTask, taskDueInstant, type Task } from '../core/tasks.js';
import { formatInstant } from '../core/time.js';
import type { CreateTask, TaskListQuery, TaskView, UpdateTask } from '../shared/tasks.js';
import { findMembership } from '../store/accounts.js';
import { findContact } from '../store/contacts.js';
import { newId } from '../store/ids.js';
import { findOpportunity } from '../store/opportunities.js';
import * as store from '../store/tasks.js';
import type { Actor, ServiceDeps } from './deps.js';

export function presentTask(t: Task): TaskView {
  const at = taskDueInstant(t);
  return {
    id: t.id, title: t.title, notes: t.notes, due: t.dueLocal, dueTime: t.dueTime, timeZone: t.dueTime ? t.dueTimeZone : null,
    dueAt: at === null ? null : formatInstant(at), ownerId: t.ownerId, contactId: t.contactId, opportunityId: t.opportunityId,
    done: t.doneAt !== null, doneAt: t.doneAt, createdAt: t.createdAt, updatedAt: t.updatedAt,
  };
}

const refuse = (): AppError => new AppError('forbidden', 'members handle only their own tasks; an owner or admin can give a task to someone else');

/** Whose task it is: the actor, or for owners and admins anyone in the workspace. */
async function checkedOwner(deps: ServiceDeps, actor: Actor, ownerId: string | undefined): Promise<string> {
  if (ownerId === undefined || ownerId === actor.user.id) return actor.user.id;
  if (!mayHandleTask(actor.role, actor.user.id, ownerId)) throw refuse();
  if (!(await findMembership(deps.store.db, actor.workspace.id, ownerId))) throw AppError.invalid('ownerId', 'Who it is for: no one with that id works in this workspace.');
  return ownerId;
}

async function checkedLinks(deps: ServiceDeps, actor: Actor, links: { contactId?: string | null | undefined; opportunityId?: string | null | undefined }): Promise<void> {
  const { db } = deps.store;
  if (links.contactId && !(await findContact(db, actor.workspace.id, links.contactId))) {
    throw AppError.invalid('contactId', 'The contact: there is no such contact in this workspace.');
  }
  if (links.opportunityId && !(await findOpportunity(db, actor.workspace.id, links.opportunityId))) {
    throw AppError.invalid('opportunityId', 'The opportunity: there is no such opportunity in this workspace.');
  }
}

async function requireTask(deps: ServiceDeps, actor: Actor, id: string): Promise<Task> {
  const found = await store.findTask(deps.store.db, actor.workspace.id, id);
  // Someone else's task is not there for a member: no telling whether it exists.
  if (!found || !mayHandleTask(actor.role, actor.user.id, found.ownerId)) throw AppError.notFound('task');
  return found;
}

export async function createTask(deps: ServiceDeps, actor: Actor, input: CreateTask): Promise<TaskView> {
  const ownerId = await checkedOwner(deps, actor, input.ownerId);
  await checkedLinks(deps, actor, input);
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const dueTime = input.dueTime ?? null;
  const task: Task = {
    id: newId(now), workspaceId: actor.workspace.id, ownerId, title: input.title, notes: input.notes ?? null, dueLocal: input.due,
    dueTime, dueTimeZone: dueTime ? (input.timeZone ?? actor.user.timeZone) : null,
    contactId: input.contactId ?? null, opportunityId: input.opportunityId ?? null, doneAt: null, createdBy: actor.user.id,
    createdAt: nowIso, updatedAt: nowIso,
  };
  await store.insertTask(deps.store.db, task);
  return presentTask(task);
}

export async function listTasks(deps: ServiceDeps, actor: Actor, query: TaskListQuery): Promise<TaskView[]> {
  let ownerId: string | null = actor.user.id;
  if (query.ownerId !== undefined && query.ownerId !== actor.user.id) {
    if (actor.role === 'member') throw refuse();
    ownerId = query.ownerId === 'all' ? null : query.ownerId;
  }
  const tasks = await store.listTasks(deps.store.db, actor.workspace.id, { ownerId, status: query.status, dueOnOrBefore: query.due, limit: query.limit });
  // The page is cut in the database's order; within it, the one order of core/tasks.ts (timed tasks by their instant).
  return tasks.sort(compareTasks).map(presentTask);
}

export async function getTask(deps: ServiceDeps, actor: Actor, id: string): Promise<TaskView> {
  return presentTask(await requireTask(deps, actor, id));
}

export async function updateTask(deps: ServiceDeps, actor: Actor, id: string, patch: UpdateTask): Promise<TaskView> {
  const task = await requireTask(deps, actor, id);
  const ownerId = patch.ownerId === undefined ? undefined : await checkedOwner(deps, actor, patch.ownerId);
  await checkedLinks(deps, actor, patch);
  const now = deps.clock();
  const dueTime = patch.dueTime === undefined ? task.dueTime : patch.dueTime;
  const zone = dueTime === null ? null : (patch.timeZone ?? task.dueTimeZone ?? actor.user.timeZone);
  const doneAt = patch.done === undefined ? undefined : patch.done ? (task.doneAt ?? formatInstant(now)) : null;
  await store.updateTask(deps.store.db, actor.workspace.id, id, {
    updatedAt: formatInstant(now),
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
    ...(patch.due !== undefined ? { dueLocal: patch.due } : {}),
    dueTime, dueTimeZone: zone,
    ...(ownerId !== undefined ? { ownerId } : {}),
    ...(patch.contactId !== undefined ? { contactId: patch.contactId } : {}),
    ...(patch.opportunityId !== undefined ? { opportunityId: patch.opportunityId } : {}),
    ...(doneAt !== undefined ? { doneAt } : {}),
  });
  return presentTask(await requireTask(deps, actor, id));
}

export async function deleteTask(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  await requireTask(deps, actor, id);
  await store.deleteTask(deps.store.db, actor.workspace.id, id);
}
