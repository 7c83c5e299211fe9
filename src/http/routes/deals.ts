import { z } from 'zod';
import { idSchema, opportunitySchema, problemSchema } from '../../shared/index.js';
import { boardSchema, dealPatchSchema, forecastQuerySchema, forecastSchema, stageListSchema, stagesInputSchema } from '../../shared/deals.js';
import { dealBoard, dealForecast, patchDeal } from '../../services/deals.js';
import { listStages, replaceStages } from '../../services/dealStages.js';
import { getOpportunity } from '../../services/opportunities.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Deals with value (issue 16 item 1; docs/deals.md): stages, moving and valuing deals, the board and the forecast. */
export function dealRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/stages', {
    schema: { tags: ['deals'], summary: 'The workspace\'s deal stages: open ones in order, then won and lost', response: { 200: stageListSchema, ...errors } },
  }, async (request) => ({ items: await listStages(deps, requireActor(request)) }));

  app.put('/stages', {
    schema: {
      tags: ['deals'], summary: 'Replace the ordered stage list (owners and admins); a removed stage that holds deals names where they go',
      body: stagesInputSchema, response: { 200: stageListSchema, ...errors },
    },
  }, async (request) => ({ items: await replaceStages(deps, requireActor(request), request.body) }));

  app.patch('/opportunities/:id', {
    schema: {
      tags: ['opportunities', 'deals'],
      summary: 'Move a deal to a stage or change its title, amount, currency or expected close date; a move with no agreed next step asks for one (409 next-step-needed)',
      params: z.object({ id: idSchema }), body: dealPatchSchema, response: { 200: opportunitySchema, ...errors },
    },
  }, async (request) => {
    const actor = requireActor(request);
    await patchDeal(deps, actor, request.params.id, request.body);
    return getOpportunity(deps, actor, request.params.id);
  });

  app.get('/pipeline/board', {
    schema: { tags: ['deals'], summary: 'The board: a column per stage with its deals, each with its agreed next step or stalled', response: { 200: boardSchema, ...errors } },
  }, async (request) => dealBoard(deps, requireActor(request)));

  app.get('/pipeline/forecast', {
    schema: {
      tags: ['deals'], summary: 'Weighted forecast by month of expected close: amount × stage probability, per currency',
      querystring: forecastQuerySchema, response: { 200: forecastSchema, ...errors },
    },
  }, async (request) => dealForecast(deps, requireActor(request), request.query.months));
}
