import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bookedSchema, problemSchema, publicBookingSchema, publicBookRequestSchema, publicCancelRequestSchema, publicPreferencesRequestSchema,
} from '../../shared/index.js';
import { AppError } from '../../core/errors.js';
import { book, bookedCalendar, cancelBooking, optOutFromBooking, setPreferences, viewBooking } from '../../services/publicBooking.js';
import type { RouteContext, ZodApp } from '../app.js';

/** Requests per address per minute on the public booking routes: a person clicks a few times, a guesser thousands. */
export const BOOKING_REQUESTS_PER_MINUTE = 120;

const params = z.object({ token: z.string().min(1).max(200) });
const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 429: problemSchema };
const done = z.object({ ok: z.literal(true) });

const userAgentOf = (request: FastifyRequest): string | null => (request.headers['user-agent'] ?? '').slice(0, 300) || null;

/**
 * The client's side of a booking link. No credentials: the token is the credential, and an unknown,
 * expired or withdrawn one is 404 whatever the reason. Every answer is no-store and sends no referrer,
 * so the token leaks neither to a cache nor to another site.
 */
export function publicBookingRoutes(app: ZodApp, { deps, serverSmtpUrl }: RouteContext): void {
  const limit = app.createRateLimit({ max: BOOKING_REQUESTS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `booking|${request.ip}` });
  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const status = await limit(request);
      if (!status.isAllowed && status.isExceeded) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(status.ttl / 1000))));
        throw new AppError('rate-limited', 'Too many requests from your address; please wait a minute and try again.');
      }
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const notFound = (): never => { throw AppError.notFound('booking link'); };

    r.get('/public/bookings/:token', {
      config: { public: true },
      schema: { tags: ['booking'], summary: 'What a booking link offers: who, what about, the times in the contact\'s zone, and the time booked', security: [], params, response: { 200: publicBookingSchema, ...errors } },
    }, async (request) => (await viewBooking(deps, request.params.token)) ?? notFound());

    r.get('/public/bookings/:token/ics', {
      config: { public: true },
      schema: {
        tags: ['booking'], summary: 'The booked time as a calendar file (text/calendar) to add to the client\'s own calendar; 404 when nothing is booked',
        security: [], params, response: { 200: z.string().describe('text/calendar (RFC 5545)'), ...errors },
      },
    }, async (request, reply) => {
      const calendar = (await bookedCalendar(deps, request.params.token)) ?? notFound();
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="booking.ics"')
        .serializer((body: string) => body).send(calendar);
    });

    r.post('/public/bookings/:token', {
      config: { public: true },
      schema: {
        tags: ['booking'], summary: 'The client chooses a time and a channel: it becomes the agreed follow-up (201), or moves the time they booked (200)',
        security: [], params, body: publicBookRequestSchema, response: { 200: bookedSchema, 201: bookedSchema, ...errors },
      },
    }, async (request, reply) => {
      const result = await book(deps, request.params.token, {
        startMs: Date.parse(request.body.start), channel: request.body.channel, userAgent: userAgentOf(request), serverMailbox: Boolean(serverSmtpUrl),
      });
      reply.status(result.moved ? 200 : 201);
      return result.booked;
    });

    r.post('/public/bookings/:token/cancel', {
      config: { public: true },
      schema: { tags: ['booking'], summary: 'The client cancels the time they booked; the salesperson sees it on Today', security: [], params, body: publicCancelRequestSchema.optional(), response: { 200: done, ...errors } },
    }, async (request) => {
      await cancelBooking(deps, request.params.token, request.body?.reason ?? null, Boolean(serverSmtpUrl));
      return { ok: true as const };
    });

    r.post('/public/bookings/:token/preferences', {
      config: { public: true },
      schema: { tags: ['booking'], summary: 'The client sets their preferred channel and the hours they can be reached (kept as evidence)', security: [], params, body: publicPreferencesRequestSchema, response: { 200: done, ...errors } },
    }, async (request) => {
      await setPreferences(deps, request.params.token, { ...request.body, userAgent: userAgentOf(request) });
      return { ok: true as const };
    });

    r.post('/public/bookings/:token/opt-out', {
      config: { public: true },
      schema: { tags: ['booking'], summary: 'The client opts out of all contact, as through an unsubscribe link; the link stops working', security: [], params, response: { 200: done, ...errors } },
    }, async (request) => {
      await optOutFromBooking(deps, request.params.token, userAgentOf(request));
      return { ok: true as const };
    });
  });
}
