import { Readable } from 'node:stream';
import { z } from 'zod';
import { idSchema, newsletterConsentInputSchema, newsletterConsentSchema, problemSchema } from '../../shared/index.js';
import { exportNewsletterCsv, newsletterConsent, recordNewsletterConsent } from '../../services/newsletter.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema };
const params = z.object({ id: idSchema });

/** Seed 001 "Keep me posted": newsletter consent with its evidence, and the list for a mailing tool. Nothing is sent. */
export function newsletterRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/contacts/:id/newsletter', {
    schema: { tags: ['contacts'], summary: 'Whether the contact wants the newsletter, with the evidence', params, response: { 200: newsletterConsentSchema, ...errors } },
  }, async (request) => newsletterConsent(deps, requireActor(request), request.params.id));

  app.post('/contacts/:id/newsletter', {
    schema: {
      tags: ['contacts'],
      summary: 'Record their answer to "would you like our newsletter?": what they said, how and when (sends nothing)',
      params, body: newsletterConsentInputSchema, response: { 200: newsletterConsentSchema, ...errors },
    },
  }, async (request) => recordNewsletterConsent(deps, requireActor(request), request.params.id, request.body));

  app.get('/export/newsletter.csv', {
    schema: {
      tags: ['data'],
      summary: 'Contacts who want the newsletter, for a mailing tool: name, email, consentedAt, evidence',
      response: { 200: z.string().describe('text/csv; formula-like cells are prefixed with a single quote'), 401: problemSchema, 403: problemSchema },
    },
  }, async (request, reply) => {
    const pieces = exportNewsletterCsv(deps, requireActor(request)); // refuses (403) before any header of the file is set
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="newsletter.csv"')
      .send(Readable.from(pieces) as unknown as string);
  });
}
