/**
 * Tasks (issue 16 item 6): the salesperson's own work, which is no promise to a client (prepare a
 * proposal, send a document), due on a date and on Today until done. The contract is
 * ../shared/API.md "Tasks"; the rules of which tasks are on a day's agenda are core/tasks.ts.
 */
import { z } from 'zod';
import { idSchema, timeZoneSchema } from './common.js';
import { readableIssue, type IssueLike } from './readableErrors.js';
import { instantOfWallTime } from './zonedTime.js';

/** A date that exists on the calendar (no 2026-02-30). */
export const isRealDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && instantOfWallTime(`${value}T12:00`, 'UTC') !== null;

const taskDateSchema = z.string().refine(isRealDate, 'must be a date like 2026-12-31');
const taskTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 14:30');
const titleSchema = z.string().trim().min(1, 'is required: say what is to be done, for example "Prepare the proposal"').max(300, 'is too long: at most 300 characters');
const notesSchema = z.string().trim().max(5000, 'are too long: at most 5,000 characters').nullable();

export const createTaskSchema = z.object({
  title: titleSchema,
  notes: notesSchema.optional(),
  due: taskDateSchema.describe('the day it is due, YYYY-MM-DD, in the owner\'s zone (or in timeZone when a time is given)'),
  dueTime: taskTimeSchema.nullable().optional().describe('HH:mm on that day; without it the task is due some time that day'),
  timeZone: timeZoneSchema.optional().describe('the zone of dueTime (default: the owner\'s)'),
  ownerId: idSchema.optional().describe('whose task it is (default: yours); owners and admins may give a task to anyone in the workspace'),
  contactId: idSchema.nullable().optional().describe('a contact it concerns, if any: a task need not belong to one'),
  opportunityId: idSchema.nullable().optional(),
}).strict();
export type CreateTask = z.infer<typeof createTaskSchema>;

export const updateTaskSchema = z.object({
  title: titleSchema.optional(),
  notes: notesSchema.optional(),
  due: taskDateSchema.optional(),
  dueTime: taskTimeSchema.nullable().optional(),
  timeZone: timeZoneSchema.optional(),
  done: z.boolean().optional().describe('true completes the task; false opens it again'),
  ownerId: idSchema.optional(),
  contactId: idSchema.nullable().optional(),
  opportunityId: idSchema.nullable().optional(),
}).strict();
export type UpdateTask = z.infer<typeof updateTaskSchema>;

export const taskStatuses = ['open', 'done', 'all'] as const;

export const taskListQuerySchema = z.object({
  status: z.enum(taskStatuses).default('open').describe('open (the default), done, or all'),
  due: taskDateSchema.optional().describe('only tasks due on or before this day'),
  ownerId: z.string().max(64).optional().describe('whose tasks (default: yours); owners and admins may name anyone, or "all"'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
}).strict();
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const taskSchema = z.object({
  id: idSchema,
  title: z.string(),
  notes: z.string().nullable(),
  due: z.string().describe('YYYY-MM-DD'),
  dueTime: z.string().nullable(),
  timeZone: z.string().nullable().describe('the zone of dueTime; null without a time'),
  dueAt: z.string().nullable().describe('the instant of dueTime on due, or null without a time'),
  ownerId: z.string(),
  contactId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskView = z.infer<typeof taskSchema>;

/** A task on the day's agenda: overdue once its day (or its time) has passed. */
export const agendaTaskSchema = taskSchema.extend({ overdue: z.boolean() });
export type AgendaTask = z.infer<typeof agendaTaskSchema>;

/** How a task's fields are named in messages (a task's title is not a contact's job title). */
export const taskFieldWords: Record<string, string> = {
  title: 'The task',
  notes: 'The notes',
  due: 'The due date',
  dueTime: 'The due time',
  timeZone: 'The time zone',
  done: 'Done',
  ownerId: 'Who it is for',
  contactId: 'The contact',
  opportunityId: 'The opportunity',
  status: 'Status',
  limit: 'Limit',
};

/** A failed check on a task's field as a sentence: "The due date must be a date like 2026-12-31." */
export function taskIssueMessage(path: string, issue: IssueLike): string {
  const field = taskFieldWords[path.split('.')[0] ?? ''] ?? 'The request';
  // Our own wording ("must be a date like …") reads on from the field's name.
  if (/^(?:must|is|are) /.test(issue.message) && !/^expected /.test(issue.message) && issue.code !== 'invalid_type') return `${field} ${issue.message.replace(/\.$/, '')}.`;
  return readableIssue(path, issue, field);
}
