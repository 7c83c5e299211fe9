import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError } from '../../core/errors.js';
import { idSchema, listOf, problemSchema } from '../../shared/index.js';
import { createTaskSchema, taskIssueMessage, taskListQuerySchema, taskSchema, updateTaskSchema } from '../../shared/tasks.js';
import { createTask, deleteTask, getTask, listTasks, updateTask } from '../../services/tasks.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const params = z.object({ id: idSchema });

/**
 * A refused body or query worded with a task's field names (a task's title is not a contact's job
 * title); thrown on to the app's error handler, which sends every problem.
 */
function taskValidationError(error: FastifyError): AppError {
  const found: FieldError[] = (error.validation ?? []).map((v) => {
    const path = v.instancePath.split('/').filter(Boolean).join('.');
    return { path: path || 'body', message: taskIssueMessage(path, { ...v.params, code: v.keyword, message: v.message ?? 'invalid' }) };
  });
  return new AppError('invalid', found.map((e) => e.message).join(' '), found);
}

/** Tasks (issue 16 item 6; docs/tasks.md): the salesperson's own work, due on a date, on Today until done. */
export function taskRoutes(app: ZodApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    // Errors thrown here go on to the app's handler, which words and sends every problem.
    scope.setErrorHandler((error: FastifyError) => {
      throw hasZodFastifySchemaValidationErrors(error) ? taskValidationError(error) : error;
    });
    const tasks = scope.withTypeProvider<ZodTypeProvider>();

    tasks.post('/tasks', {
      schema: {
        tags: ['tasks'], summary: 'Add a task of your own (or, for owners and admins, someone else\'s): due on a date, on Today until done; a contact is optional',
        body: createTaskSchema, response: { 201: taskSchema, ...errors },
      },
    }, async (request, reply) => {
      reply.status(201);
      return createTask(deps, requireActor(request), request.body);
    });

    tasks.get('/tasks', {
      schema: {
        tags: ['tasks'], summary: 'Your tasks, earliest due first: open ones unless ?status=done or all; ?due=YYYY-MM-DD for those due by then',
        querystring: taskListQuerySchema, response: { 200: listOf(taskSchema), ...errors },
      },
    }, async (request) => ({ items: await listTasks(deps, requireActor(request), request.query), nextCursor: null }));

    tasks.get('/tasks/:id', {
      schema: { tags: ['tasks'], summary: 'One task', params, response: { 200: taskSchema, ...errors } },
    }, async (request) => getTask(deps, requireActor(request), request.params.id));

    tasks.patch('/tasks/:id', {
      schema: {
        tags: ['tasks'], summary: 'Change a task, or complete it (done: true) and open it again (done: false)',
        params, body: updateTaskSchema, response: { 200: taskSchema, ...errors },
      },
    }, async (request) => updateTask(deps, requireActor(request), request.params.id, request.body));

    tasks.delete('/tasks/:id', {
      schema: { tags: ['tasks'], summary: 'Remove a task', params, response: { 204: z.null(), ...errors } },
    }, async (request, reply) => {
      await deleteTask(deps, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    });
  });
}
