/**
 * Tasks (issue 16 item 6): which of a user's tasks a day's agenda lists, and which are overdue. The
 * same rule as follow-ups (core/agenda.ts): overdue is relative to now, so only the user's today
 * lists the backlog from before it; a later day shows just its own tasks, none overdue; a past day
 * its own tasks still open, each overdue. A task is no promise to a client: nothing here touches
 * kept-promise rates or contact guardrails.
 */
import type { Role } from './types.js';
import { instantOfWallTime } from '../shared/zonedTime.js';

export interface Task {
  id: string;
  workspaceId: string;
  ownerId: string;
  title: string;
  notes: string | null;
  /** The owner's local date, YYYY-MM-DD. */
  dueLocal: string;
  /** HH:mm in dueTimeZone, or null: some time that day. */
  dueTime: string | null;
  dueTimeZone: string | null;
  contactId: string | null;
  opportunityId: string | null;
  doneAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TaskTiming = Pick<Task, 'id' | 'dueLocal' | 'dueTime' | 'dueTimeZone' | 'doneAt' | 'createdAt'>;

/** The instant a timed task is due; null for a task due some time that day. */
export function taskDueInstant(task: Pick<Task, 'dueLocal' | 'dueTime' | 'dueTimeZone'>): number | null {
  if (!task.dueTime || !task.dueTimeZone) return null;
  return instantOfWallTime(`${task.dueLocal}T${task.dueTime}`, task.dueTimeZone);
}

/** Overdue now: its day is before the user's today, or its time has passed. */
export function isTaskOverdue(task: TaskTiming, userToday: string, nowMs: number): boolean {
  if (task.doneAt !== null) return false;
  if (task.dueLocal < userToday) return true;
  const at = taskDueInstant(task);
  return task.dueLocal === userToday && at !== null && at <= nowMs;
}

/** Earliest day first; on a day, timed tasks by their time before those due some time that day; then oldest first. */
export function compareTasks(a: TaskTiming, b: TaskTiming): number {
  if (a.dueLocal !== b.dueLocal) return a.dueLocal < b.dueLocal ? -1 : 1;
  const at = taskDueInstant(a);
  const bt = taskDueInstant(b);
  if (at !== bt) {
    if (at === null) return 1;
    if (bt === null) return -1;
    return at - bt;
  }
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The open tasks on a day's agenda, in order, each flagged overdue or not. */
export function tasksOnAgenda<T extends TaskTiming>(tasks: T[], day: string, userToday: string, nowMs: number): Array<{ task: T; overdue: boolean }> {
  const listed = tasks.filter((t) => t.doneAt === null && (day === userToday ? t.dueLocal <= day : t.dueLocal === day));
  return listed.sort(compareTasks).map((task) => ({ task, overdue: day === userToday ? isTaskOverdue(task, userToday, nowMs) : day < userToday }));
}

/** A member handles their own tasks; owners and admins anyone's in the workspace. */
export function mayHandleTask(role: Role, actorId: string, ownerId: string): boolean {
  return role !== 'member' || actorId === ownerId;
}
