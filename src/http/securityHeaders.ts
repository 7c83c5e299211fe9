import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The one browser security policy, for every response: the web app, the API, and the API docs
 * (/api/docs), which used to send swagger-ui's own (`frame-ancestors 'self'`, and
 * `upgrade-insecure-requests` even over plain HTTP) — issue 12 finding 11. Swagger UI needs
 * nothing more than the web app does: its page loads its scripts and styles from 'self', its
 * React sets inline styles ('unsafe-inline', which the web app needs too), its logo is a data: URL,
 * and it fetches the spec from 'self'. So the docs are not given a policy of their own: register
 * swagger-ui without `staticCSP` and this one applies.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // Nobody may frame the app (clickjacking), not even itself.
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
} as const;

/**
 * For the replies the router sends before any hook has run (helmet never sees them): JSON only,
 * so nothing may load, and the same frame-ancestors.
 */
export const BARE_ERROR_HEADERS = {
  'content-security-policy': `default-src 'none'; frame-ancestors ${CSP_DIRECTIVES.frameAncestors.join(' ')}`,
  'x-content-type-options': 'nosniff',
} as const;

/**
 * Helmet's middleware is built once here: its Fastify plugin builds it again for every request
 * (4 % of an agenda request's CPU), though the headers never change.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { secure: boolean }): Promise<void> {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        ...Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([name, sources]) => [name, [...sources]])),
        // Over plain HTTP (a LAN install) this would rewrite the web app's own /assets to https and break it.
        upgradeInsecureRequests: options.secure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
