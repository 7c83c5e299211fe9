/**
 * Managing a workspace's webhook endpoints (issue 15): add, list, change, rotate the secret, remove,
 * read the delivery log and redeliver. Owners and admins only. Delivery itself is
 * services/webhookDelivery.ts and jobs/webhookWorker.ts.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { WEBHOOK_ROTATION_GRACE_MS } from '../core/webhookRules.js';
import type { CreateWebhook, UpdateWebhook, WebhookDeliveryView, WebhookView } from '../shared/webhooks.js';
import { newId } from '../store/ids.js';
import * as deliveries from '../store/webhookDeliveries.js';
import * as store from '../store/webhooks.js';
import type { StoredWebhook } from '../store/webhooks.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refusedHost } from './outboundTargets.js';
import { requirePermission } from './permissions.js';

/** The log shows this many of an endpoint's latest deliveries. */
const LOG_LENGTH = 50;

export const sealContext = (id: string, version: number): string => `webhooks:${id}:${version}`;

/** `whsec_` + base64 of 32 random bytes: Standard Webhooks' secret form. */
const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export function presentWebhook(w: StoredWebhook, nowMs: number): WebhookView {
  const graceLeft = w.previousSealedSecret && w.previousSecretUntil && Date.parse(w.previousSecretUntil) > nowMs;
  return {
    id: w.id, url: w.url, events: w.events, format: w.format, description: w.description, enabled: w.enabled,
    disabledReason: w.disabledReason, disabledAt: w.disabledAt, consecutiveFailures: w.consecutiveFailures,
    previousSecretUntil: graceLeft ? w.previousSecretUntil : null, createdAt: w.createdAt,
  };
}

export function presentDelivery(d: deliveries.WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id, webhookId: d.webhookId, eventType: d.eventType, messageId: d.messageId, state: d.status, attempt: d.attempt,
    responseStatus: d.responseStatus, durationMs: d.durationMs, error: d.lastError, createdAt: d.createdAt, lastAttemptAt: d.lastAttemptAt,
    nextRetryAt: d.status === 'queued' && d.attempt > 0 ? d.availableAt : null, deliveredAt: d.deliveredAt, redeliveryOf: d.redeliveryOf,
  };
}

function requireSecrets(deps: ServiceDeps) {
  if (!deps.secrets) {
    throw AppError.invalid('url', 'this server cannot keep webhook secrets: whoever runs it must set SECRETS_KEY (32+ characters) and restart');
  }
  return deps.secrets;
}

/**
 * An address the server will post to: https (or http where private targets are allowed, i.e. a
 * test or a LAN install), no user name or password in it, and a host on a public address.
 */
async function checkedUrl(deps: ServiceDeps, given: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw AppError.invalid('url', 'not a web address (for example https://example.com/hooks/followthrough)');
  }
  const allowPrivate = deps.outbound?.allowPrivate ?? false;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate)) {
    throw AppError.invalid('url', allowPrivate ? 'must start with https:// or http://' : 'must start with https://');
  }
  if (url.username || url.password) throw AppError.invalid('url', 'must not carry a user name or password; put the credential in the path instead');
  const refusal = await refusedHost(deps, url.hostname, 'webhook');
  if (refusal) throw AppError.invalid('url', refusal);
  return url.toString();
}

async function requireWebhook(deps: ServiceDeps, actor: Actor, id: string): Promise<StoredWebhook> {
  const found = await store.findWebhook(deps.store.db, actor.workspace.id, id);
  if (!found) throw AppError.notFound('webhook');
  return found;
}

export async function createWebhook(deps: ServiceDeps, actor: Actor, input: CreateWebhook): Promise<WebhookView & { secret: string }> {
  requirePermission(actor, 'manageWorkspace');
  const box = requireSecrets(deps);
  const url = await checkedUrl(deps, input.url);
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const id = newId(now);
  const secret = newWebhookSecret();
  const webhook: StoredWebhook = {
    id, workspaceId: actor.workspace.id, url, events: input.events, format: input.format, description: input.description,
    sealedSecret: box.seal(secret, sealContext(id, 1)), previousSealedSecret: null, previousSecretUntil: null, secretVersion: 1,
    enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null, createdBy: actor.user.id,
    createdAt: nowIso, updatedAt: nowIso,
  };
  await store.insertWebhook(deps.store.db, webhook);
  return { ...presentWebhook(webhook, now), secret };
}

export async function listWebhooks(deps: ServiceDeps, actor: Actor): Promise<WebhookView[]> {
  requirePermission(actor, 'manageWorkspace');
  const now = deps.clock();
  return (await store.listWebhooks(deps.store.db, actor.workspace.id)).map((w) => presentWebhook(w, now));
}

export async function updateWebhook(deps: ServiceDeps, actor: Actor, id: string, patch: UpdateWebhook): Promise<WebhookView> {
  requirePermission(actor, 'manageWorkspace');
  await requireWebhook(deps, actor, id);
  await store.updateWebhook(deps.store.db, actor.workspace.id, id, {
    updatedAt: formatInstant(deps.clock()),
    ...(patch.events ? { events: patch.events } : {}), ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
  });
  return presentWebhook(await requireWebhook(deps, actor, id), deps.clock());
}

export async function deleteWebhook(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manageWorkspace');
  const deleted = await deps.store.db.transaction().execute((trx) => store.deleteWebhook(trx, actor.workspace.id, id));
  if (!deleted) throw AppError.notFound('webhook');
}

/** A new secret, shown once; for a day deliveries carry signatures with both, so receivers can switch over without losing one. */
export async function rotateWebhookSecret(deps: ServiceDeps, actor: Actor, id: string): Promise<WebhookView & { secret: string }> {
  requirePermission(actor, 'manageWorkspace');
  const box = requireSecrets(deps);
  const now = deps.clock();
  const secret = newWebhookSecret();
  await deps.store.db.transaction().execute(async (trx) => {
    const webhook = await store.findWebhook(trx, actor.workspace.id, id);
    if (!webhook) throw AppError.notFound('webhook');
    const version = webhook.secretVersion + 1;
    // The old secret is sealed again under its own new context, so the two values are never swappable.
    const previous = box.open(webhook.sealedSecret, sealContext(id, webhook.secretVersion));
    await store.rotateSecret(trx, actor.workspace.id, id, {
      sealedSecret: box.seal(secret, sealContext(id, version)), previousSealedSecret: box.seal(previous, `${sealContext(id, version)}:previous`),
      previousUntil: formatInstant(now + WEBHOOK_ROTATION_GRACE_MS), version, updatedAt: formatInstant(now),
    });
  });
  return { ...presentWebhook(await requireWebhook(deps, actor, id), now), secret };
}

export async function webhookDeliveries(deps: ServiceDeps, actor: Actor, id: string): Promise<WebhookDeliveryView[]> {
  requirePermission(actor, 'manageWorkspace');
  await requireWebhook(deps, actor, id);
  return (await deliveries.recentDeliveries(deps.store.db, actor.workspace.id, id, LOG_LENGTH)).map(presentDelivery);
}

/** The same event again, with the same `webhook-id` (receivers that already have it can tell), as a new row in the log. */
export async function redeliver(deps: ServiceDeps, actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDeliveryView> {
  requirePermission(actor, 'manageWorkspace');
  await requireWebhook(deps, actor, webhookId);
  const of = await deliveries.findDelivery(deps.store.db, actor.workspace.id, webhookId, deliveryId);
  if (!of) throw AppError.notFound('delivery');
  const now = deps.clock();
  const id = newId(now);
  await deliveries.insertRedelivery(deps.store.db, of, id, formatInstant(now));
  const created = await deliveries.findDelivery(deps.store.db, actor.workspace.id, webhookId, id);
  if (!created) throw AppError.notFound('delivery');
  return presentDelivery(created);
}
