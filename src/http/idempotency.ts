/**
 * Idempotency-Key on every POST under /api/v1 (the rule: core/idempotency.ts; the claim:
 * services/idempotency.ts). The key is claimed once the body is valid and before the route runs;
 * the response is remembered as it is sent. Keys belong to a user in a workspace, so a route
 * reached without credentials (setup, login, a public booking) ignores the header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { IDEMPOTENCY_HEADER, idempotencyKeyProblem, REPLAYED_HEADER, responseIsKept, type RequestBody } from '../core/idempotency.js';
import type { ServiceDeps } from '../services/deps.js';
import { claimIdempotencyKey, finishIdempotentRequest, type HeldKey } from '../services/idempotency.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request as the key's hash sees it, taken before validation reshapes the body. */
    idempotentBody: RequestBody | null;
    /** Set while this request holds its Idempotency-Key. */
    idempotencyKey: HeldKey | null;
  }
}

const HEADER = IDEMPOTENCY_HEADER.toLowerCase();

const applies = (request: FastifyRequest): boolean => request.method === 'POST' && request.url.startsWith('/api/v1/');

/** A body that is an instance of some class (an upload handed to the route as a stream) cannot be read here. */
function bodyOf(request: FastifyRequest): RequestBody {
  const body: unknown = request.body;
  const prototype: unknown = typeof body === 'object' && body !== null ? Object.getPrototypeOf(body) : null;
  if (prototype !== null && prototype !== Object.prototype && prototype !== Array.prototype) {
    return { kind: 'streamed', contentType: String(request.headers['content-type'] ?? ''), contentLength: String(request.headers['content-length'] ?? '') };
  }
  return { kind: 'parsed', value: body };
}

function replay(reply: FastifyReply, answer: { status: number; body: string; contentType: string | null }): FastifyReply {
  void reply.status(answer.status).header(REPLAYED_HEADER, 'true');
  if (answer.contentType) void reply.type(answer.contentType);
  return answer.body === '' ? reply.send() : reply.send(answer.body);
}

export function registerIdempotency(app: FastifyInstance, deps: ServiceDeps): void {
  app.decorateRequest('idempotentBody', null);
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preValidation', async (request) => {
    if (!applies(request)) return;
    const problem = idempotencyKeyProblem(request.headers[HEADER]);
    if (problem) throw AppError.invalid(IDEMPOTENCY_HEADER, problem);
    if (request.headers[HEADER] !== undefined) request.idempotentBody = bodyOf(request);
  });

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers[HEADER];
    if (!applies(request) || typeof key !== 'string' || !request.actor || !request.idempotentBody) return undefined;
    try {
      const claim = await claimIdempotencyKey(deps, request.actor, key, { method: request.method, url: request.url, body: request.idempotentBody });
      if (claim.kind === 'replay') return replay(reply, claim);
      request.idempotencyKey = claim;
      return undefined;
    } catch (error) {
      // The first request is still running: say when to try again.
      if (error instanceof AppError && error.code === 'idempotency-key-in-use') void reply.header('retry-after', '1');
      throw error;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotencyKey;
    if (!held) return payload;
    request.idempotencyKey = null;
    const contentType = reply.getHeader('content-type');
    const body = payload === null || payload === undefined ? '' : typeof payload === 'string' ? payload : null;
    try {
      await finishIdempotentRequest(deps, held, {
        status: reply.statusCode, body, contentType: typeof contentType === 'string' ? contentType : null,
        keep: responseIsKept(request.routeOptions.url ?? '', reply.hasHeader('set-cookie')),
      });
    } catch (error) {
      // The response still goes out; the claim is left to expire as one its server abandoned.
      request.log.error({ err: error }, 'could not record the Idempotency-Key response');
    }
    return payload;
  });
}
