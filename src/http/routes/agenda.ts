import { z } from 'zod';
import { agendaQuerySchema, agendaSchema, problemSchema } from '../../shared/index.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

export function agendaRoutes(app: ZodApp, { agendaCache }: RouteContext): void {
  app.get('/agenda', {
    schema: {
      tags: ['agenda'],
      summary: 'The day\'s follow-ups in your zone, overdue promises first, each with its context (ETag: If-None-Match answers 304 while it is unchanged)',
      querystring: agendaQuerySchema,
      response: { 200: agendaSchema, 304: z.null().describe('unchanged since the ETag sent in If-None-Match'), 400: problemSchema, 401: problemSchema },
    },
  }, async (request, reply) => {
    const { body, etag } = await agendaCache.agenda(requireActor(request), request.query.date);
    // no-cache: a browser keeps it but asks again each time, and gets 304 while it is unchanged.
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
    // Already checked against agendaSchema when it was made: its bytes are sent as they are, not serialized again.
    return reply.type('application/json; charset=utf-8').send(body as unknown as z.infer<typeof agendaSchema>);
  });
}
