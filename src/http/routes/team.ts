import { problemSchema } from '../../shared/index.js';
import {
  idleContactListSchema, latePromiseListSchema, stalledDealListSchema, teamDrillParamsSchema, teamDrillQuerySchema, teamQuerySchema, teamSchema,
  teamTouchListSchema,
} from '../../shared/team.js';
import { lateDrill, noNextStepDrill, stalledDrill, teamFor, touchesDrill } from '../../services/team.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['team'];

/** The manager's view (issue 16 item 5; docs/team.md): owners and admins see every member, members themselves. */
export function teamRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/team', {
    schema: {
      tags, summary: 'Per salesperson: promises due, late, kept rate, consistency, stalled deals, contacts with no next step, touches this week',
      querystring: teamQuerySchema, response: { 200: teamSchema, ...errors },
    },
  }, async (request) => teamFor(deps, requireActor(request), request.query));

  const drill = { params: teamDrillParamsSchema, querystring: teamDrillQuerySchema };
  app.get('/team/:userId/late', {
    schema: { tags, summary: 'A salesperson\'s late promises (open, past due now), oldest first', ...drill, response: { 200: latePromiseListSchema, ...errors } },
  }, async (request) => lateDrill(deps, requireActor(request), request.params.userId, request.query));

  app.get('/team/:userId/stalled', {
    schema: { tags, summary: 'A salesperson\'s stalled deals (open opportunities with no open follow-up), oldest first', ...drill, response: { 200: stalledDealListSchema, ...errors } },
  }, async (request) => stalledDrill(deps, requireActor(request), request.params.userId, request.query));

  app.get('/team/:userId/no-next-step', {
    schema: { tags, summary: 'A salesperson\'s contacts with nothing planned (do-not-contact left out), by name', ...drill, response: { 200: idleContactListSchema, ...errors } },
  }, async (request) => noNextStepDrill(deps, requireActor(request), request.params.userId, request.query));

  app.get('/team/:userId/touches', {
    schema: { tags, summary: 'A salesperson\'s outbound touches this week (their zone), latest first', ...drill, response: { 200: teamTouchListSchema, ...errors } },
  }, async (request) => touchesDrill(deps, requireActor(request), request.params.userId, request.query));
}
