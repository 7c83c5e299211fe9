import { z } from 'zod';
import { createFollowUpSchema, followUpListQuerySchema, followUpPatchSchema, followUpSchema, idSchema, listOf, problemSchema, warningSchema } from '../../shared/index.js';
import * as followUps from '../../services/followUps.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['follow-ups'];
const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });
/** The follow-up, plus what the salesperson should know about it (`past-due`: the time had already passed). */
const withWarnings = followUpSchema.extend({ warnings: z.array(warningSchema) });

export function followUpRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/follow-ups', {
    schema: { tags, summary: 'Schedule a follow-up (409 for a do-not-contact contact)', body: createFollowUpSchema, response: { 201: withWarnings, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return followUps.scheduleFollowUp(deps, requireActor(request), request.body);
  });

  app.get('/follow-ups', {
    schema: { tags, summary: 'Follow-ups by contact, status and due time', querystring: followUpListQuerySchema, response: { 200: listOf(followUpSchema), ...errors } },
  }, async (request) => followUps.listFollowUps(deps, requireActor(request), request.query));

  app.get('/follow-ups/:id', {
    schema: { tags, summary: 'One follow-up', params, response: { 200: followUpSchema, ...errors } },
  }, async (request) => followUps.getFollowUp(deps, requireActor(request), request.params.id));

  app.patch('/follow-ups/:id', {
    schema: { tags, summary: 'Reschedule, change channel or agenda, or cancel/skip with a reason', params, body: followUpPatchSchema, response: { 200: withWarnings, ...errors } },
  }, async (request) => followUps.updateFollowUp(deps, requireActor(request), request.params.id, request.body));
}
