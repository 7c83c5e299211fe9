import { z } from 'zod';
import { listOf, problemSchema } from '../../shared/index.js';
import { pushPublicKeySchema, pushSubscriptionIdSchema, pushSubscriptionInputSchema, pushSubscriptionSchema } from '../../shared/push.js';
import { pushPublicKey } from '../../services/pushKeys.js';
import { listPushSubscriptions, subscribePush, unsubscribePush } from '../../services/pushSubscriptions.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

/** Web Push reminders (docs/push.md): the server's public key, and the caller's subscribed browsers. */
export function pushRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.get('/push/public-key', {
    schema: {
      tags: ['push'], summary: 'The server\'s VAPID public key, the applicationServerKey a browser subscribes with (409 when the server has no SECRETS_KEY)',
      response: { 200: pushPublicKeySchema, ...errors },
    },
  }, async (request) => {
    requireActor(request);
    return pushPublicKey(deps);
  });

  app.post('/push/subscriptions', {
    schema: {
      tags: ['push'], summary: 'Remind me on this browser: its PushSubscription JSON. The same endpoint again updates its keys',
      body: pushSubscriptionInputSchema, response: { 201: pushSubscriptionSchema, ...errors },
    },
  }, async (request, reply) => {
    const saved = await subscribePush(deps, requireActor(request), request.body, request.headers['user-agent']);
    reply.status(201);
    return saved;
  });

  app.get('/push/subscriptions', {
    schema: {
      tags: ['push'], summary: 'Your browsers subscribed to push reminders, oldest first (a disabled one says why)',
      response: { 200: listOf(pushSubscriptionSchema), ...errors },
    },
  }, async (request) => ({ items: await listPushSubscriptions(deps, requireActor(request)), nextCursor: null }));

  app.delete('/push/subscriptions/:id', {
    schema: {
      tags: ['push'], summary: 'Stop reminding this browser (only your own)',
      params: pushSubscriptionIdSchema, response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    await unsubscribePush(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
}
