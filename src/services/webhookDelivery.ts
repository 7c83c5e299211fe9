/**
 * Delivering the webhook outbox (issue 15): claiming due deliveries with a lease, the secrets that
 * sign them, and recording each attempt fenced by its number: retried with backoff
 * (core/webhookRules), and an endpoint that keeps failing disabled with its owners told by mail.
 */
import { disableReason, failureWords, nextRetryAt, WEBHOOK_MAX_ATTEMPTS } from '../core/webhookRules.js';
import { formatInstant } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import { usersOfWorkspace } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import { insertOutboxMessage } from '../store/outbox.js';
import * as deliveries from '../store/webhookDeliveries.js';
import type { WebhookDelivery } from '../store/webhookDeliveries.js';
import * as webhooks from '../store/webhooks.js';
import type { StoredWebhook } from '../store/webhooks.js';
import type { ServiceDeps } from './deps.js';
import { sealContext } from './webhooks.js';

export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  webhook: StoredWebhook;
}

/**
 * One claiming transaction: deliveries whose worker lost its lease go back to the queue, due ones
 * of enabled endpoints are locked and move to `sending` under the next attempt number with a lease.
 * Two workers never hold one attempt: the attempt number changes with every claim.
 */
export async function claimDueDeliveries(deps: ServiceDeps, options: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    await deliveries.requeueExpired(trx, nowIso);
    const claimed: ClaimedDelivery[] = [];
    const endpoints = new Map<string, StoredWebhook | null>();
    for (const delivery of await deliveries.lockClaimable(trx, deps.store.dialect, nowIso, options.limit)) {
      if (!endpoints.has(delivery.webhookId)) endpoints.set(delivery.webhookId, await webhooks.findWebhookById(trx, delivery.webhookId));
      const webhook = endpoints.get(delivery.webhookId);
      if (!webhook) continue;
      const attempt = delivery.attempt + 1;
      const leaseUntil = formatInstant(now + options.leaseMs);
      if (await deliveries.markSending(trx, delivery.id, attempt, leaseUntil, nowIso)) {
        claimed.push({ delivery: { ...delivery, status: 'sending', attempt, leaseUntil, lastAttemptAt: nowIso }, webhook });
      }
    }
    return claimed;
  });
}

/** The secrets a delivery is signed with now: the current one, and during a rotation's grace period the one before. */
export function signingSecrets(deps: ServiceDeps, webhook: StoredWebhook, nowMs: number): string[] {
  if (!deps.secrets) throw new Error('SECRETS_KEY is not set: webhook secrets cannot be opened');
  const current = deps.secrets.open(webhook.sealedSecret, sealContext(webhook.id, webhook.secretVersion));
  const inGrace = webhook.previousSealedSecret && webhook.previousSecretUntil && Date.parse(webhook.previousSecretUntil) > nowMs;
  if (!inGrace || !webhook.previousSealedSecret) return [current];
  return [current, deps.secrets.open(webhook.previousSealedSecret, `${sealContext(webhook.id, webhook.secretVersion)}:previous`)];
}

export type Recorded = 'recorded' | 'stale';

/** What one attempt came to: the remote's status (its body is never kept), or why there was none. */
export interface AttemptResult {
  status: number | null;
  cause: 'timeout' | 'refused' | 'network' | 'secret' | null;
  durationMs: number;
}

export async function recordDelivered(deps: ServiceDeps, claimed: ClaimedDelivery, result: AttemptResult): Promise<Recorded> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const changed = await deliveries.recordAttempt(trx, claimed.delivery.id, claimed.delivery.attempt, {
      status: 'delivered', responseStatus: result.status, durationMs: result.durationMs, lastError: null, deliveredAt: nowIso,
    });
    if (changed !== 1) return 'stale';
    await webhooks.recordEndpointSuccess(trx, claimed.webhook.id);
    return 'recorded';
  });
}

/**
 * A non-2xx answer, a timeout or no connection: retried on the schedule (core/webhookRules) or,
 * after the last attempt, failed; the endpoint's run of failures grows and may disable it.
 */
export async function recordFailed(deps: ServiceDeps, claimed: ClaimedDelivery, result: AttemptResult, random: number): Promise<Recorded> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const { delivery, webhook } = claimed;
  const retryAt = nextRetryAt(delivery.attempt, now, random);
  return deps.store.db.transaction().execute(async (trx) => {
    const changed = await deliveries.recordAttempt(trx, delivery.id, delivery.attempt, {
      status: retryAt === null ? 'failed' : 'queued', responseStatus: result.status, durationMs: result.durationMs,
      lastError: failureWords(result.status, result.cause), ...(retryAt !== null ? { availableAt: formatInstant(retryAt) } : {}),
    });
    if (changed !== 1) return 'stale';
    const health = await webhooks.recordEndpointFailure(trx, webhook.id, nowIso);
    if (!health) return 'recorded';
    const reason = disableReason({ consecutiveFailures: health.consecutiveFailures, failingSinceMs: Date.parse(health.failingSince) }, now, retryAt === null);
    if (reason && await webhooks.disableFailing(trx, webhook.id, reason, nowIso)) await tellOwners(trx, deps, webhook, reason, nowIso);
    return 'recorded';
  });
}

/** Each owner of the workspace gets a mail (system mail, through the outbox) saying the endpoint was turned off, why, and where to turn it back on. */
async function tellOwners(trx: Db, deps: ServiceDeps, webhook: StoredWebhook, reason: string, nowIso: string): Promise<void> {
  const base = deps.baseUrl.replace(/\/+$/, '');
  const owners = (await usersOfWorkspace(trx, webhook.workspaceId)).filter((u) => u.role === 'owner' && !u.deactivatedAt);
  for (const owner of owners) {
    await insertOutboxMessage(trx, {
      id: newId(), workspaceId: webhook.workspaceId, contactId: null, userId: owner.id, followUpId: null, enrollmentId: null, kind: 'notice',
      to: owner.email, subject: `A webhook was turned off: ${webhook.url}`,
      text: [
        `Followthrough stopped sending events to ${webhook.url}, because ${reason}.`,
        '',
        `Events still happen and are kept for it (up to ${WEBHOOK_MAX_ATTEMPTS} attempts each once it is back). When the endpoint works again, turn it`,
        `back on in Settings → Webhooks, where its delivery log shows each attempt's answer: ${base}/settings`,
      ].join('\n'),
      headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
      status: 'queued', attempt: 0, leaseUntil: null, dueAt: nowIso, availableAt: nowIso, lastError: null, createdAt: nowIso, sentAt: null,
    });
  }
}
