/**
 * POSTs a push message (built and encrypted by web-push) to a push service. web-push's own sender
 * is not used because the endpoint is a URL a browser handed a user, so the connection follows the
 * outbound rule (services/outboundTargets.ts): resolved, checked, and dialled at the checked address.
 */
import http from 'node:http';
import https from 'node:https';
import type { RequestDetails } from 'web-push';
import type { ServiceDeps } from '../services/deps.js';
import { OutboundRefused, outboundTarget } from '../services/outboundTargets.js';

export type PushResponse =
  /** The push service answered. */
  | { kind: 'answered'; status: number }
  /** Nothing reached the push service: safe to try again. */
  | { kind: 'not-sent'; error: string; refused?: boolean }
  /** The message was written out but no answer came: it may have been taken. */
  | { kind: 'unknown'; error: string };

export interface PushTransportOptions {
  /** How long to wait for the push service's answer once connected. */
  timeoutMs: number;
}

export async function postPush(deps: Pick<ServiceDeps, 'outbound'>, details: RequestDetails, options: PushTransportOptions): Promise<PushResponse> {
  const url = new URL(details.endpoint);
  let host: string;
  let servername: string | undefined;
  try {
    ({ host, servername } = await outboundTarget(deps, url.hostname, 'push service'));
  } catch (error) {
    if (error instanceof OutboundRefused) return { kind: 'not-sent', error: error.message, refused: error.reason === 'private' };
    throw error;
  }
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
  const body = details.body ?? Buffer.alloc(0);
  return new Promise((resolve) => {
    let written = false;
    let settled = false;
    const settle = (response: PushResponse) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const request = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol, hostname: host.replace(/^\[(.*)\]$/, '$1'), port: url.port || undefined, path: `${url.pathname}${url.search}`,
      method: details.method, headers, timeout: options.timeoutMs, ...(url.protocol === 'https:' ? { servername: servername ?? url.hostname } : {}),
    }, (response) => {
      // What the push service says is never echoed (API.md "Outbound connections"): only its status.
      response.resume();
      settle({ kind: 'answered', status: response.statusCode ?? 0 });
    });
    request.on('finish', () => { written = true; });
    request.on('timeout', () => request.destroy(new Error(`no answer from the push service within ${Math.round(options.timeoutMs / 1000)} s`)));
    request.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      const message = `could not reach the push service${code ? ` (${code})` : ''}: ${error.message}`.slice(0, 300);
      settle(written ? { kind: 'unknown', error: message } : { kind: 'not-sent', error: message });
    });
    request.end(body);
  });
}
