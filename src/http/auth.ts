import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { authenticateSession, authenticateToken } from '../services/accounts.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import { safeEqual } from '../services/secrets.js';

export const SESSION_COOKIE = 'ft_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without credentials (setup, login, health, the iCal feed). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer tokens for tools; a session cookie for the browser. Cookie-authenticated writes must carry
 * the session's CSRF token in a header, which a cross-site form or image can never send.
 */
export function registerAuth(app: FastifyInstance, deps: ServiceDeps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);

  // onRequest, before the body is parsed or validated: a caller without credentials (or a
  // cross-site form without the CSRF header) learns nothing about the body and costs no parsing.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match?.[1] ? await authenticateToken(deps, match[1]) : null;
      if (!actor) throw new AppError('unauthorized', 'invalid or revoked API token');
      request.actor = actor;
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const session = await authenticateSession(deps, sessionId);
      // A public route (login, setup) ignores a session it cannot trust rather than refusing the request.
      const trusted = session && (SAFE_METHODS.has(request.method) || csrfMatches(request, session.csrfToken));
      if (session && !trusted && !request.routeOptions.config.public) {
        throw new AppError('forbidden', `cookie-authenticated writes need the ${CSRF_HEADER} header from GET /api/v1/me`);
      }
      if (session && trusted) {
        request.actor = session.actor;
        request.sessionId = sessionId;
        request.csrfToken = session.csrfToken;
        return;
      }
    }
    if (!request.routeOptions.config.public) throw new AppError('unauthorized', 'log in or send Authorization: Bearer <token>');
  });
}

function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const sent = request.headers[CSRF_HEADER];
  return typeof sent === 'string' && safeEqual(sent, expected);
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'log in or send Authorization: Bearer <token>');
  return request.actor;
}
