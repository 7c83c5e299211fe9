import { z } from 'zod';
import { idSchema, problemSchema, timeBudgetSchema } from '../../shared/index.js';
import { getTimeBudget } from '../../services/timeBudget.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

export function timeBudgetRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/contacts/:id/time-budget', {
    schema: {
      tags: ['contacts'],
      summary: 'Time spent on the contact and the time committed to them (theirs, the workspace\'s, or their playbook\'s)',
      params: z.object({ id: idSchema }),
      response: { 200: timeBudgetSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema },
    },
  }, async (request) => getTimeBudget(deps, requireActor(request), request.params.id));
}
