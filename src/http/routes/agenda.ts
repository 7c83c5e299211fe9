import { agendaQuerySchema, agendaSchema, problemSchema } from '../../shared/index.js';
import { agendaFor } from '../../services/agenda.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

export function agendaRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/agenda', {
    schema: {
      tags: ['agenda'],
      summary: 'The day\'s follow-ups in your zone, overdue promises first, each with its context',
      querystring: agendaQuerySchema,
      response: { 200: agendaSchema, 400: problemSchema, 401: problemSchema },
    },
  }, async (request) => agendaFor(deps, requireActor(request), request.query.date));
}
