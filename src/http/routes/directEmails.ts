import { z } from 'zod';
import { directEmailInputSchema, directEmailSchema, idSchema, problemSchema } from '../../shared/index.js';
import { sendDirectEmail } from '../../services/directEmail.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

/** Emails written on a contact's page: queued in the outbox, sent once through the writer's mailbox. */
export function directEmailRoutes(app: ZodApp, { deps, serverSmtpUrl }: RouteContext): void {
  app.post('/contacts/:id/emails', {
    schema: {
      tags: ['mail'], summary: 'Send the contact an email you wrote, through your mailbox (logged as an email touch once sent)',
      params: z.object({ id: idSchema }), body: directEmailInputSchema, response: { 202: directEmailSchema, ...errors },
    },
  }, async (request, reply) => {
    const message = await sendDirectEmail(deps, requireActor(request), request.params.id, request.body, Boolean(serverSmtpUrl));
    reply.status(202);
    return {
      id: message.id, contactId: message.contactId ?? request.params.id, to: message.to, subject: message.subject, status: message.status,
      messageId: message.messageId, createdAt: message.createdAt,
    };
  });
}
