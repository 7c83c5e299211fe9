import { z } from 'zod';
import { idSchema, problemSchema } from '../../shared/index.js';
import { sendInvitation } from '../../services/invitations.js';
import { listOutboxItems, outboxStatuses } from '../../services/outboxView.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const invitationSchema = z.object({
  id: z.string(), method: z.enum(['REQUEST', 'CANCEL']), sequence: z.number().int(), status: z.string(), messageId: z.string(),
});

const outboxItemSchema = z.object({
  id: z.string(), kind: z.string(), contactId: z.string().nullable(), followUpId: z.string().nullable(), to: z.string(), subject: z.string(),
  status: z.enum(outboxStatuses), attempt: z.number().int(), dueAt: z.string(), sentAt: z.string().nullable(), lastError: z.string().nullable(), messageId: z.string(),
  heldReason: z.string().nullable().describe('why a queued email waits until a person fills a field, and how to fix it'),
});

/** Mail routes of the API: invitations, and the outbox where every outbound email can be followed. */
export function invitationRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/outbox', {
    schema: {
      tags: ['mail'], summary: 'Outbound mail and its state, newest first (unknown and skipped-late sends are shown here, never resent)',
      querystring: z.object({
        status: z.enum(outboxStatuses).optional(),
        attention: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('only sends that need a person: unknown, failed, bounced, skipped-late, and queued ones held for an empty field'),
        followUpId: idSchema.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(200),
      }),
      response: { 200: z.object({ items: z.array(outboxItemSchema), nextCursor: z.null() }), 400: problemSchema, 401: problemSchema },
    },
  }, async (request) => ({ items: await listOutboxItems(deps, requireActor(request), request.query), nextCursor: null }));

  app.post('/follow-ups/:id/invitation', {
    schema: {
      tags: ['follow-ups'], summary: 'Email the contact a calendar invitation (or its update, or its cancellation) for an agreed call or meeting',
      params: z.object({ id: idSchema }),
      response: { 202: invitationSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema },
    },
  }, async (request, reply) => {
    reply.status(202);
    return sendInvitation(deps, requireActor(request), request.params.id);
  });
}
