import type { Command } from 'commander';
import type { z } from 'zod';
import { AppError } from '../core/errors.js';
import { todayIn } from '../core/time.js';
import { createTaskSchema, taskIssueMessage, taskListQuerySchema, type TaskView } from '../shared/tasks.js';
import { createTask, listTasks, updateTask } from '../services/tasks.js';
import { printJson } from './output.js';
import { withActor, type GlobalOptions } from './session.js';

/** The task's fields checked by the API's own schema, refused in the API's words. */
function parsed<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => {
    const path = i.path.join('.');
    return { path, message: taskIssueMessage(path, { ...i, code: i.code, message: i.message }) };
  });
  throw new AppError('invalid', errors.map((e) => e.message).join(' '), errors);
}

/** One line per task: the id to finish it with, its day (and time), what it is, and whether it is late. */
export function taskLine(task: TaskView & { overdue?: boolean }): string {
  const when = task.dueTime ? `${task.due} ${task.dueTime}` : task.due;
  const flags = [task.done ? 'done' : null, task.overdue ? 'overdue' : null].filter(Boolean).join(', ');
  return `${task.id}  ${when}  ${task.title}${flags ? `  (${flags})` : ''}`;
}

/** `followthrough task add|list|done`: your own work, due on a date, on the agenda until done (docs/tasks.md). */
export function registerTaskCommands(program: Command): void {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const task = program.command('task').description('your own tasks, which belong to no client (prepare a proposal, send a document): add, list, done');

  task.command('add').description('add a task, due today unless --due says otherwise; it shows on the agenda from its day until done')
    .argument('<title>', 'what is to be done, e.g. "Prepare the proposal"')
    .option('--due <date>', 'the day it is due, YYYY-MM-DD in your zone (default: today)')
    .option('--time <HH:mm>', 'a time on that day, in your zone')
    .option('--notes <text>', 'anything worth remembering')
    .option('--contact <id>', 'a contact it concerns (optional: a task need not belong to one)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  followthrough task add "Prepare proposal" --due 2026-12-08\n  followthrough task add "Send the price list" --time 15:00\n')
    .action(async (title: string, o: { due?: string; time?: string; notes?: string; contact?: string; json?: boolean }) => {
      const created = await withActor(globals(), (deps, actor) => createTask(deps, actor, parsed(createTaskSchema, {
        title, due: o.due ?? todayIn(deps.clock(), actor.user.timeZone), dueTime: o.time, notes: o.notes, contactId: o.contact,
      })));
      if (o.json) return printJson(created);
      process.stdout.write(`Added: ${taskLine(created)}\n`);
    });

  task.command('list').description('your open tasks, earliest due first (--status done or all for the others)')
    .option('--status <status>', 'open, done or all', 'open')
    .option('--due <date>', 'only those due on or before this day, YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(async (o: { status: string; due?: string; json?: boolean }) => {
      const tasks = await withActor(globals(), (deps, actor) => listTasks(deps, actor, parsed(taskListQuerySchema, { status: o.status, due: o.due })));
      if (o.json) return printJson(tasks);
      if (tasks.length === 0) return void process.stdout.write(o.status === 'open' ? 'No open tasks. Add one: followthrough task add "Prepare the proposal" --due 2026-12-08\n' : 'No tasks.\n');
      for (const t of tasks) process.stdout.write(`${taskLine(t)}\n`);
    });

  task.command('done').description('complete a task: it leaves the agenda (--undo opens it again)')
    .argument('<id>', 'the task\'s id, as task list shows it')
    .option('--undo', 'open the task again')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { undo?: boolean; json?: boolean }) => {
      const updated = await withActor(globals(), (deps, actor) => updateTask(deps, actor, id, { done: !o.undo }));
      if (o.json) return printJson(updated);
      process.stdout.write(`${o.undo ? 'Open again' : 'Done'}: ${taskLine(updated)}\n`);
    });
}
