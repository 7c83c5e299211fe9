/**
 * Idempotency-Key as a use case: claim the key before the work, remember the response after it,
 * or let the key go when the work failed. Core decides what a stored key means
 * (core/idempotency.ts); the store's primary key decides which of two racing requests claims it.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.js';
import {
  decideOnStoredKey, IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_MS, responseIsRemembered, type RequestBody, requestFingerprint,
} from '../core/idempotency.js';
import { formatInstant } from '../core/time.js';
import {
  deleteInFlightKey, deleteKeyAsRead, deleteKeysOlderThan, findKey, insertInFlightKey, recordResponse, type KeyOwner,
} from '../store/idempotencyKeys.js';
import type { Actor, ServiceDeps } from './deps.js';

/** This request holds the key: it does the work, then remembers or releases the key. */
export interface HeldKey {
  kind: 'held';
  owner: KeyOwner;
  createdAt: string;
}

/** The key's first request finished: its response, to send again. */
export interface Replay {
  kind: 'replay';
  status: number;
  body: string;
  contentType: string | null;
}

export interface IdempotentRequest {
  method: string;
  url: string;
  body: RequestBody;
}

const IN_FLIGHT = 'a request with this Idempotency-Key is still being processed, retry shortly';

const hashOf = (request: IdempotentRequest): string =>
  createHash('sha256').update(requestFingerprint(request.method, request.url, request.body)).digest('hex');

const keyError = (code: 'idempotency-key-in-use' | 'idempotency-key-reused' | 'conflict', message: string): AppError =>
  new AppError(code, message, [{ path: IDEMPOTENCY_HEADER, message }]);

/**
 * Claims `key` for the request, or answers for it: the first response again (replay), 409 while
 * the first request runs, 422 when the key was used for a different request. A key older than a
 * day, or a claim abandoned by a server that stopped, is taken as new. The workspace's day-old
 * keys are cleared on the way, so the table holds at most a day of keys.
 */
export async function claimIdempotencyKey(deps: ServiceDeps, actor: Actor, key: string, request: IdempotentRequest): Promise<HeldKey | Replay> {
  const db = deps.store.db;
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const owner: KeyOwner = { workspaceId: actor.workspace.id, userId: actor.user.id, key };
  const requestHash = hashOf(request);
  await deleteKeysOlderThan(db, owner.workspaceId, formatInstant(now - IDEMPOTENCY_TTL_MS));
  // A stale row freed by another request between our insert and read only costs another round.
  for (let round = 0; round < 3; round++) {
    if (await insertInFlightKey(db, owner, requestHash, nowIso)) return { kind: 'held', owner, createdAt: nowIso };
    const stored = await findKey(db, owner);
    if (!stored) continue;
    const decision = decideOnStoredKey({ ...stored, createdAtMs: Date.parse(stored.createdAt) }, requestHash, now);
    switch (decision) {
      case 'free':
        await deleteKeyAsRead(db, owner, stored);
        continue;
      case 'replay':
        return { kind: 'replay', status: stored.responseStatus ?? 200, body: stored.responseBody ?? '', contentType: stored.responseContentType };
      case 'in-flight':
        throw keyError('idempotency-key-in-use', IN_FLIGHT);
      case 'mismatch':
        throw keyError('idempotency-key-reused', 'this Idempotency-Key was already used for a different request; send a new key with a new request');
      case 'not-kept':
        throw keyError('conflict', 'the request with this Idempotency-Key was already carried out; its response held a secret that is shown only once ' +
          'and is not kept, so send a new key to make another');
      default: {
        const unhandled: never = decision;
        throw new Error(`unhandled idempotency decision ${String(unhandled)}`);
      }
    }
  }
  throw keyError('idempotency-key-in-use', IN_FLIGHT);
}

export interface FinishedResponse {
  status: number;
  /** The body as sent; null when it is not kept (it held a secret) or cannot be (a stream). */
  body: string | null;
  contentType: string | null;
  /** False when the response must not be kept even though it succeeded (a secret, a cookie). */
  keep: boolean;
}

/**
 * The request with the held key finished. A success is remembered (its body, unless it held a
 * secret); a failure, or a success whose body cannot be kept, lets the key go so the client can
 * send it again.
 */
export async function finishIdempotentRequest(deps: ServiceDeps, held: HeldKey, response: FinishedResponse): Promise<void> {
  const db = deps.store.db;
  if (!responseIsRemembered(response.status) || (response.keep && response.body === null)) {
    await deleteInFlightKey(db, held.owner, held.createdAt);
    return;
  }
  await recordResponse(db, held.owner, held.createdAt, {
    status: response.status, body: response.keep ? response.body : null, contentType: response.contentType,
  });
}
