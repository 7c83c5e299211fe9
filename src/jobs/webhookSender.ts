/**
 * One POST to a webhook endpoint with Node's built-in fetch: redirects not followed, 10 s timeout,
 * and the connection pinned to the address services/outboundTargets checked just now (so a name
 * that turns private between the check and the connection — DNS rebinding — is never dialled).
 * The remote's body is read away and dropped: only its status and the time taken are kept.
 */
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { WEBHOOK_TIMEOUT_MS } from '../core/webhookRules.js';
import type { ServiceDeps } from '../services/deps.js';
import { OutboundRefused, outboundTarget } from '../services/outboundTargets.js';
import type { AttemptResult } from '../services/webhookDelivery.js';

const USER_AGENT = 'Followthrough-Webhooks/1.0';

/** A lookup that answers with the one checked address, whatever name is asked. */
function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export async function postWebhook(deps: Pick<ServiceDeps, 'outbound'>, url: string, body: string, headers: Record<string, string>): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const hostname = new URL(url).hostname;
  let dispatcher: Agent | undefined;
  try {
    const target = await outboundTarget(deps, hostname, 'webhook');
    if (target.servername !== undefined) dispatcher = new Agent({ connect: { lookup: pinnedLookup(target.host) } });
  } catch (error) {
    return { status: null, cause: error instanceof OutboundRefused && error.reason === 'private' ? 'refused' : 'network', durationMs: elapsed() };
  }
  try {
    const response = await fetch(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
      ...(dispatcher ? { dispatcher } : {}),
    } as RequestInit);
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, cause: null, durationMs: elapsed() };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { status: null, cause: timedOut ? 'timeout' : 'network', durationMs: elapsed() };
  } finally {
    await dispatcher?.close().catch(() => undefined);
  }
}
