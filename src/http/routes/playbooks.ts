import { z } from 'zod';
import { playbookInputSchema } from '../../core/playbooks/schema.js';
import {
  coachInputSchema, coachReportSchema, enrolledSchema, enrollInputSchema, enrollmentListQuerySchema, enrollmentSchema, idSchema, problemSchema,
} from '../../shared/index.js';
import { coachMessage } from '../../services/coach.js';
import * as enrollments from '../../services/enrollments.js';
import * as playbooks from '../../services/playbooks.js';
import { settingsOf, workspaceSettingsPatchSchema, workspaceSettingsSchema } from '../../services/workspaceRules.js';
import { updateWorkspaceSettings } from '../../services/accounts.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });
const playbookSchema = playbookInputSchema.extend({ id: z.string(), builtin: z.boolean() });

export function playbookRoutes(app: ZodApp, { deps }: RouteContext): void {
  const tags = ['playbooks'];
  app.get('/playbooks', {
    schema: { tags, summary: 'The built-in playbooks and the workspace\'s own', response: { 200: z.object({ items: z.array(playbookSchema), nextCursor: z.null() }), ...errors } },
  }, async (request) => ({ items: await playbooks.listPlaybooks(deps, requireActor(request)), nextCursor: null }));

  app.get('/playbooks/:id', {
    schema: { tags, summary: 'One playbook, by id or key', params, response: { 200: playbookSchema, ...errors } },
  }, async (request) => playbooks.getPlaybook(deps, requireActor(request), request.params.id));

  app.post('/playbooks', {
    schema: { tags, summary: 'Create a workspace playbook (validated: branches, loops, merge fields)', body: z.unknown(), response: { 201: playbookSchema, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return playbooks.createPlaybook(deps, requireActor(request), request.body);
  });

  app.put('/playbooks/:id', {
    schema: { tags, summary: 'Replace a workspace playbook', params, body: z.unknown(), response: { 200: playbookSchema, ...errors } },
  }, async (request) => playbooks.updatePlaybook(deps, requireActor(request), request.params.id, request.body));

  app.delete('/playbooks/:id', {
    schema: { tags, summary: 'Delete a workspace playbook (owner or admin, or a member the owner allowed: 403 otherwise)', params, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await playbooks.deletePlaybook(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });

  const etags = ['enrollments'];
  app.post('/enrollments', {
    schema: { tags: etags, summary: 'Enrol a contact in a playbook (409 for a do-not-contact contact)', body: enrollInputSchema, response: { 201: enrolledSchema, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return enrollments.enroll(deps, requireActor(request), request.body);
  });

  app.get('/enrollments', {
    schema: { tags: etags, summary: 'Enrollments, by contact and state', querystring: enrollmentListQuerySchema, response: { 200: z.object({ items: z.array(enrollmentSchema), nextCursor: z.null() }), ...errors } },
  }, async (request) => ({ items: await enrollments.listEnrollments(deps, requireActor(request), request.query), nextCursor: null }));

  app.get('/enrollments/:id', {
    schema: { tags: etags, summary: 'One enrollment', params, response: { 200: enrollmentSchema, ...errors } },
  }, async (request) => enrollments.getEnrollment(deps, requireActor(request), request.params.id));

  for (const action of ['pause', 'resume', 'exit'] as const) {
    app.post(`/enrollments/:id/${action}`, {
      schema: { tags: etags, summary: `${action[0]?.toUpperCase()}${action.slice(1)} an enrollment`, params, response: { 200: enrollmentSchema, ...errors } },
    }, async (request) => enrollments.controlEnrollment(deps, requireActor(request), request.params.id, action));
  }

  app.post('/coach', {
    schema: { tags: ['coach'], summary: 'Coach a draft: generic openers, no interest, no next step, pressure', body: coachInputSchema, response: { 200: coachReportSchema, ...errors } },
  }, async (request) => coachMessage(deps, requireActor(request), request.body));

  app.get('/workspace/settings', {
    schema: { tags: ['accounts'], summary: 'Workspace rules: frequency cap, quiet hours, enrollments', response: { 200: workspaceSettingsSchema, ...errors } },
  }, async (request) => settingsOf(requireActor(request).workspace));

  app.patch('/workspace/settings', {
    schema: { tags: ['accounts'], summary: 'Change workspace rules (owner or admin; membersMay: owner only)', body: workspaceSettingsPatchSchema, response: { 200: workspaceSettingsSchema, ...errors } },
  }, async (request) => settingsOf(await updateWorkspaceSettings(deps, requireActor(request), request.body)));
}
