import { z } from 'zod';
import { idSchema, instantSchema } from './common.js';
import { channels } from './vocabulary.js';

/** Unpadded base64url, the encoding of a PushSubscription's keys (RFC 8291 §3.2). */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Decoded length of unpadded base64url text (0 when it is not base64url). */
export function base64UrlBytes(text: string): number {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return 0;
  return Math.floor((text.length * 3) / 4);
}

/** The PushSubscription JSON a browser gives (`subscription.toJSON()`); `expirationTime` and other fields are ignored. */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z.string().trim().min(1).max(2000).describe('the push service URL the browser was given (https)'),
  keys: z.object({
    p256dh: z.string().trim().max(200).refine((s) => base64UrlBytes(s) === 65, 'must be the browser\'s P-256 public key (65 bytes, base64url)')
      .describe('the browser\'s P-256 public key, base64url (RFC 8291)'),
    auth: z.string().trim().max(100).refine((s) => base64UrlBytes(s) === 16, 'must be the browser\'s 16-byte auth secret (base64url)')
      .describe('the browser\'s 16-byte auth secret, base64url'),
  }),
  device: z.string().trim().max(100).optional().describe('a name for this device in the list; default: from the browser\'s User-Agent'),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushSubscriptionSchema = z.object({
  id: z.string(),
  endpoint: z.string(),
  device: z.string().nullable().describe('"Chrome on Android", or the name given'),
  createdAt: instantSchema,
  lastSuccessAt: instantSchema.nullable().describe('when a reminder last reached this device\'s push service'),
  disabledAt: instantSchema.nullable().describe('set when the push service said the subscription is gone (404/410): nothing is sent to it'),
  disabledReason: z.string().nullable(),
});
export type PushSubscriptionView = z.infer<typeof pushSubscriptionSchema>;

export const pushPublicKeySchema = z.object({
  publicKey: z.string().describe('the server\'s VAPID public key (uncompressed P-256, base64url): the applicationServerKey to subscribe with'),
});

export const pushSubscriptionIdSchema = z.object({ id: idSchema });

/**
 * What a reminder push carries, decrypted by the browser and read by the service worker. `title`,
 * `body` and `url` are what the notification shows and opens; the rest is there for a client that
 * wants to word it itself.
 */
export const pushReminderPayloadSchema = z.object({
  type: z.literal('follow-up-reminder'),
  title: z.string(),
  body: z.string(),
  /** Opens the follow-up in the app. */
  url: z.string(),
  /** One notification per follow-up: a newer reminder for it replaces the older one. */
  tag: z.string(),
  followUpId: z.string(),
  contact: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  channel: z.enum(channels),
  agenda: z.string().nullable(),
  dueAt: instantSchema,
  /** `YYYY-MM-DDTHH:mm` in the salesperson's zone, and in the contact's. */
  yourTime: z.object({ local: z.string(), timeZone: z.string() }),
  theirTime: z.object({ local: z.string(), timeZone: z.string() }),
});
export type PushReminderPayload = z.infer<typeof pushReminderPayloadSchema>;
