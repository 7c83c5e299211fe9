import { z } from 'zod';
import { idSchema, listOf, opportunityInputSchema, opportunitySchema, problemSchema } from '../../shared/index.js';
import { opportunityStatuses } from '../../shared/vocabulary.js';
import * as opportunities from '../../services/opportunities.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const tags = ['opportunities'];
const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

export function opportunityRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/opportunities', {
    schema: { tags, summary: 'Open an opportunity for a contact', body: opportunityInputSchema, response: { 201: opportunitySchema, ...errors } },
  }, async (request, reply) => {
    reply.status(201);
    return opportunities.createOpportunity(deps, requireActor(request), request.body);
  });

  app.get('/opportunities', {
    schema: {
      tags, summary: 'The pipeline: opportunities with their next step, stalled ones first',
      querystring: z.object({
        status: z.enum(opportunityStatuses).optional(), contactId: idSchema.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(200).optional(),
      }),
      response: { 200: listOf(opportunitySchema), ...errors },
    },
  }, async (request) => opportunities.listPipeline(deps, requireActor(request), request.query));

  app.get('/opportunities/:id', {
    schema: { tags, summary: 'One opportunity with its next step', params: z.object({ id: idSchema }), response: { 200: opportunitySchema, ...errors } },
  }, async (request) => opportunities.getOpportunity(deps, requireActor(request), request.params.id));
}
