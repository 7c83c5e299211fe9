import { z } from 'zod';
import { problemSchema } from '../../shared/index.js';
import { problemFor } from '../problems.js';
import { icalFeedFor } from '../../services/calendar.js';
import type { RouteContext, ZodApp } from '../app.js';

/** The secret sits in the path, so every log line shows this instead of the request URL. */
export function redactSecretPaths(url: string): string {
  return url.replace(/^\/ical\/[^/?#]*/, '/ical/[redacted]').replace(/^\/u\/[^/?#]*/, '/u/[redacted]')
    .replace(/^\/book\/[^/?#]*/, '/book/[redacted]').replace(/^\/api\/v1\/public\/bookings\/[^/?#]*/, '/api/v1/public/bookings/[redacted]');
}

export function calendarRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/ical/:secret', {
    config: { public: true },
    schema: {
      tags: ['calendar'], summary: 'Your open follow-ups as an iCalendar feed (the link, with its secret, is shown once by POST /api/v1/me/ical-secret)', security: [],
      params: z.object({ secret: z.string().max(200) }),
      response: { 200: z.string().describe('text/calendar (RFC 5545)'), 404: problemSchema },
    },
  }, async (request, reply) => {
    const secret = request.params.secret;
    const feed = secret.endsWith('.ics') ? await icalFeedFor(deps, secret.slice(0, -'.ics'.length)) : null;
    if (feed === null) return reply.status(404).type('application/problem+json').serializer(JSON.stringify).send(problemFor('not-found', 'no such calendar feed'));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300')
      .header('content-disposition', 'inline; filename="followthrough.ics"').serializer((body: string) => body).send(feed);
  });
}
