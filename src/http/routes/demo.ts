import { z } from 'zod';
import { problemSchema } from '../../shared/index.js';
import { seedDemo } from '../../demo/seedDemo.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const demoSummarySchema = z.object({
  contacts: z.number().int(),
  interactions: z.number().int(),
  followUps: z.number().int(),
  overdue: z.number().int(),
  today: z.number().int(),
});

/** "Load demo data" for the web app's empty workspace: the same seeding as `followthrough demo`. */
export function demoRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/demo', {
    schema: {
      tags: ['demo'],
      summary: 'Fill your workspace with realistic demo data (owner or admin)',
      body: z.object({ contacts: z.number().int().min(1).max(2000).optional() }),
      response: { 201: demoSummarySchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const summary = await seedDemo(deps, actor, request.body.contacts === undefined ? {} : { contacts: request.body.contacts });
    reply.status(201);
    return {
      contacts: summary.contacts, interactions: summary.interactions, followUps: summary.followUps,
      overdue: summary.overdue, today: summary.today,
    };
  });
}
