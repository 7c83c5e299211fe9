/**
 * Outgoing webhooks (issue 15): the events other tools can subscribe to, what a subscription looks
 * like, and its delivery log. The contract is ../shared/API.md "Webhooks".
 */
import { z } from 'zod';
import { idSchema } from './common.js';
import { webhookEventTypes, webhookFormats, type WebhookEventType } from './webhookEvents.js';

export * from './webhookEvents.js';

const eventTypeSchema = z.string().refine((value): value is WebhookEventType => (webhookEventTypes as readonly string[]).includes(value), {
  error: (issue) => `"${String(issue.input)}" is not an event; choose from ${webhookEventTypes.join(', ')}`,
});
const eventsSchema = z.array(eventTypeSchema).min(1, 'choose at least one event').max(webhookEventTypes.length * 2)
  .transform((events) => [...new Set(events)] as WebhookEventType[]);

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1, 'enter the address the events go to').max(2000),
  events: eventsSchema,
  format: z.enum(webhookFormats).default('standard'),
  description: z.string().trim().max(200).nullable().default(null),
}).strict();
export type CreateWebhook = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z.object({
  events: eventsSchema.optional(),
  enabled: z.boolean().optional().describe('true re-enables an endpoint that was disabled because it kept failing'),
  description: z.string().trim().max(200).nullable().optional(),
}).strict();
export type UpdateWebhook = z.infer<typeof updateWebhookSchema>;

export const webhookSchema = z.object({
  id: idSchema,
  url: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  format: z.enum(webhookFormats),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Why it was disabled (it kept failing), or null. */
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Failed attempts in a row since the last success. */
  consecutiveFailures: z.number().int(),
  /** Until when deliveries are also signed with the secret before the last rotation. */
  previousSecretUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookSchema>;

/** Only the answer to creating (and rotating) carries the secret: it is not shown again. */
export const webhookWithSecretSchema = webhookSchema.extend({
  secret: z.string().describe('whsec_ + base64 of the signing key; shown only in this answer'),
});

export const webhookDeliveryStates = ['queued', 'sending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

export const webhookDeliverySchema = z.object({
  id: idSchema,
  webhookId: idSchema,
  eventType: z.enum(webhookEventTypes),
  /** The `webhook-id` header: the same on every retry and redelivery of this event to this endpoint. */
  messageId: z.string(),
  state: z.enum(webhookDeliveryStates),
  attempt: z.number().int().describe('attempts made so far'),
  /** The remote's HTTP status on the last attempt (null: no answer: refused, timed out, or not tried yet). Its body is never kept. */
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** Why the last attempt failed, in our words. */
  error: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  redeliveryOf: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;
