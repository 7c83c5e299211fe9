/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, with Stripe's behaviour): the rule in
 * one place. A POST sent with a key is carried out once; the same key again, within a day, answers
 * with the first response instead of doing the work twice. Pure: the caller hashes and stores.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long a key is remembered (per workspace and user); after that the same key is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * A claim still "in flight" this long is taken to belong to a server that stopped mid-request, and
 * the key may be used again. Long, because an upload of a large import file runs while the claim is
 * held, and taking the key over from a request still running would do the work twice.
 */
export const IN_FLIGHT_ABANDONED_MS = 3_600_000;

/**
 * Responses that carry a credential shown only once (an API token, a feed link, a reset link): the
 * server keeps no copy of it, so such a request is still done once per key, but a repeat cannot
 * be answered with the first response. Route patterns as the router names them.
 */
const ROUTES_WITH_SECRETS = new Set([
  '/api/v1/tokens', '/api/v1/workspaces', '/api/v1/me/ical-secret', '/api/v1/users/:id/password-reset', '/api/v1/webhooks',
  '/api/v1/webhooks/:id/rotate-secret',
  '/api/v1/auth/login', '/api/v1/setup',
]);

export function responseIsKept(routePattern: string, setsCookie: boolean): boolean {
  return !setsCookie && !ROUTES_WITH_SECRETS.has(routePattern);
}

/** Why the header's value is not a key (1 to 255 printable ASCII characters), or null when it is one. */
export function idempotencyKeyProblem(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return `Send one ${IDEMPOTENCY_HEADER} header, not ${value.length}.`;
  if (value === undefined) return null;
  if (value.length === 0 || value.length > 255) return `The ${IDEMPOTENCY_HEADER} header must be 1 to 255 characters long (a UUID is a good key).`;
  if (!/^[\x20-\x7e]+$/.test(value)) return `The ${IDEMPOTENCY_HEADER} header may hold only printable ASCII characters (letters, digits, punctuation).`;
  return null;
}

/** JSON with object keys sorted at every depth: the same body sent with its fields in another order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type RequestBody =
  | { kind: 'parsed'; value: unknown }
  /** A body streamed to the route (an import's file): only its type and length can be compared before it is read. */
  | { kind: 'streamed'; contentType: string; contentLength: string };

/** The text whose hash identifies the request a key was first used for: method, path with query, canonical body. */
export function requestFingerprint(method: string, url: string, body: RequestBody): string {
  const bodyText = body.kind === 'parsed'
    ? (body.value === undefined || body.value === null ? '' : canonicalJson(body.value))
    : `streamed ${body.contentType} ${body.contentLength}`;
  return `${method.toUpperCase()} ${url}\n${bodyText}`;
}

export interface StoredKey {
  requestHash: string;
  status: 'in-flight' | 'done';
  createdAtMs: number;
  /** Null when the first response was not kept (it carried a secret). */
  responseBody: string | null;
}

export type KeyDecision =
  /** Send the first response again. */
  | 'replay'
  /** The first request is still running: 409, retry shortly. */
  | 'in-flight'
  /** The key was used for another request: 422. */
  | 'mismatch'
  /** Done, but its response held a secret that is not kept: 409. */
  | 'not-kept'
  /** Too old to count (expired, or a claim its server abandoned): the key is free again. */
  | 'free';

/** What a request holding `requestHash` gets when its key is already stored. */
export function decideOnStoredKey(stored: StoredKey, requestHash: string, nowMs: number): KeyDecision {
  const age = nowMs - stored.createdAtMs;
  if (age >= IDEMPOTENCY_TTL_MS) return 'free';
  if (stored.status === 'in-flight') return age >= IN_FLIGHT_ABANDONED_MS ? 'free' : stored.requestHash === requestHash ? 'in-flight' : 'mismatch';
  if (stored.requestHash !== requestHash) return 'mismatch';
  return stored.responseBody === null ? 'not-kept' : 'replay';
}

/** Only a success is remembered: after an error the client may correct the request and send it again with the same key. */
export const responseIsRemembered = (status: number): boolean => status >= 200 && status < 300;
