/** A user's browsers subscribed to push reminders: subscribe, list, unsubscribe. */
import { AppError } from '../core/errors.js';
import { deviceLabel } from '../core/pushReminders.js';
import { formatInstant } from '../core/time.js';
import type { PushSubscriptionInput, PushSubscriptionView } from '../shared/push.js';
import { newId } from '../store/ids.js';
import * as store from '../store/pushSubscriptions.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refusedHost } from './outboundTargets.js';

const present = (s: store.PushSubscription): PushSubscriptionView => ({
  id: s.id, endpoint: s.endpoint, device: s.device, createdAt: s.createdAt, lastSuccessAt: s.lastSuccessAt, disabledAt: s.disabledAt, disabledReason: s.disabledReason,
});

/**
 * The endpoint is a URL the server will POST to, so it is an outbound target like a mail server
 * (API.md "Outbound connections"): https, on a public address unless ALLOW_PRIVATE_TARGETS (which
 * also allows plain http, for a push service on the operator's own network).
 */
async function endpointRefusal(deps: ServiceDeps, endpoint: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'is not a web address; subscribe again from the browser';
  }
  const allowPrivate = deps.outbound?.allowPrivate ?? false;
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'must be an https address given by the browser\'s push service';
  if (url.username || url.password) return 'must not carry a user name or password';
  return refusedHost(deps, url.hostname, 'push service');
}

export async function subscribePush(deps: ServiceDeps, actor: Actor, input: PushSubscriptionInput, userAgent: string | undefined): Promise<PushSubscriptionView> {
  const refusal = await endpointRefusal(deps, input.endpoint);
  if (refusal) throw AppError.invalid('endpoint', refusal);
  const now = deps.clock();
  const saved = await store.upsertPushSubscription(deps.store.db, {
    id: newId(now), userId: actor.user.id, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth,
    device: input.device || deviceLabel(userAgent), createdAt: formatInstant(now), lastSuccessAt: null, disabledAt: null, disabledReason: null,
  });
  return present(saved);
}

export async function listPushSubscriptions(deps: ServiceDeps, actor: Actor): Promise<PushSubscriptionView[]> {
  return (await store.pushSubscriptionsOf(deps.store.db, actor.user.id)).map(present);
}

export async function unsubscribePush(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  if (!(await store.deletePushSubscription(deps.store.db, actor.user.id, id))) throw AppError.notFound('push subscription');
}
