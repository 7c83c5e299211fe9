import { z } from 'zod';
import { bookingLinkRequestSchema, bookingLinkSchema, idSchema, listOf, problemSchema } from '../../shared/index.js';
import { createBookingLink, listBookingLinks, withdrawBookingLink } from '../../services/bookingLinks.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

/** The salesperson's side of booking links: make one, see a contact's, take one back. */
export function bookingLinkRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/booking-links', {
    schema: {
      tags: ['booking'], summary: 'Make a link the contact opens to choose the day, the time and the channel themselves (the URL is shown only here)',
      body: bookingLinkRequestSchema, response: { 201: bookingLinkSchema, ...errors },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createBookingLink(deps, requireActor(request), request.body);
  });

  app.get('/booking-links', {
    schema: {
      tags: ['booking'], summary: 'A contact\'s booking links, newest first, with their state (open, booked, cancelled, expired, withdrawn)',
      querystring: z.object({ contactId: idSchema }), response: { 200: listOf(bookingLinkSchema), ...errors },
    },
  }, async (request) => ({ items: await listBookingLinks(deps, requireActor(request), request.query.contactId), nextCursor: null }));

  app.delete('/booking-links/:id', {
    schema: {
      tags: ['booking'], summary: 'Withdraw a booking link: it opens nothing from now on (a time already booked stays)',
      params: z.object({ id: idSchema }), response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    await withdrawBookingLink(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
}
