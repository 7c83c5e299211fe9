import { z } from 'zod';
import { idSchema, listOf, problemSchema } from '../../shared/index.js';
import {
  createWebhookSchema, updateWebhookSchema, webhookDeliverySchema, webhookSchema, webhookWithSecretSchema,
} from '../../shared/webhooks.js';
import {
  createWebhook, deleteWebhook, listWebhooks, redeliver, rotateWebhookSecret, updateWebhook, webhookDeliveries,
} from '../../services/webhooks.js';
import { requireActor } from '../auth.js';
import type { RouteContext, ZodApp } from '../app.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const params = z.object({ id: idSchema });

/** Outgoing webhooks (issue 15; docs/webhooks.md): owners and admins manage a workspace's endpoints. */
export function webhookRoutes(app: ZodApp, { deps }: RouteContext): void {
  app.post('/webhooks', {
    schema: {
      tags: ['webhooks'], summary: 'Add an endpoint that receives events, signed per Standard Webhooks (or in Slack\'s format); the secret is shown only here',
      body: createWebhookSchema, response: { 201: webhookWithSecretSchema, ...errors },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createWebhook(deps, requireActor(request), request.body);
  });

  app.get('/webhooks', {
    schema: { tags: ['webhooks'], summary: 'The workspace\'s endpoints and their state (never their secrets)', response: { 200: listOf(webhookSchema), ...errors } },
  }, async (request) => ({ items: await listWebhooks(deps, requireActor(request)), nextCursor: null }));

  app.patch('/webhooks/:id', {
    schema: {
      tags: ['webhooks'], summary: 'Change the events an endpoint receives, or turn it on again after it was disabled for failing',
      params, body: updateWebhookSchema, response: { 200: webhookSchema, ...errors },
    },
  }, async (request) => updateWebhook(deps, requireActor(request), request.params.id, request.body));

  app.delete('/webhooks/:id', {
    schema: { tags: ['webhooks'], summary: 'Remove an endpoint and its delivery log', params, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteWebhook(deps, requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/webhooks/:id/rotate-secret', {
    schema: {
      tags: ['webhooks'], summary: 'A new signing secret (shown only here); for 24 hours deliveries carry signatures with the new and the old one',
      params, response: { 200: webhookWithSecretSchema, ...errors },
    },
  }, async (request) => rotateWebhookSecret(deps, requireActor(request), request.params.id));

  app.get('/webhooks/:id/deliveries', {
    schema: {
      tags: ['webhooks'], summary: 'The endpoint\'s latest 50 deliveries: event, webhook-id, attempts, the answer\'s status code and time, next retry, state',
      params, response: { 200: listOf(webhookDeliverySchema), ...errors },
    },
  }, async (request) => ({ items: await webhookDeliveries(deps, requireActor(request), request.params.id), nextCursor: null }));

  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      tags: ['webhooks'], summary: 'Send a delivery again (same body and webhook-id), as a new entry in the log',
      params: z.object({ id: idSchema, deliveryId: idSchema }), response: { 201: webhookDeliverySchema, ...errors },
    },
  }, async (request, reply) => {
    reply.status(201);
    return redeliver(deps, requireActor(request), request.params.id, request.params.deliveryId);
  });
}
