import { interactionInputSchema, logInteractionResponseSchema, problemSchema } from '../../shared/index.js';
import { logInteraction } from '../../services/logInteraction.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

export function interactionRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/interactions', {
    schema: {
      tags: ['interactions'],
      summary: 'Log a touch with its outcome; a conversation must end in yes, no or an agreed next step',
      body: interactionInputSchema,
      response: { 201: logInteractionResponseSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema },
    },
  }, async (request, reply) => {
    reply.status(201);
    return logInteraction(deps, requireActor(request), request.body);
  });
}
