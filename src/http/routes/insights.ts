import { insightsQuerySchema, insightsSchema, problemSchema } from '../../shared/index.js';
import { insightsFor } from '../../services/insights.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

export function insightsRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/insights', {
    schema: {
      tags: ['insights'],
      summary: 'Promise-kept and consistency rates, touches to close, connect and reply rates, overdue and stalled',
      querystring: insightsQuerySchema,
      response: { 200: insightsSchema, 400: problemSchema, 401: problemSchema },
    },
  }, async (request) => insightsFor(deps, requireActor(request), request.query));
}
