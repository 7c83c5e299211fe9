import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * Helmet decides the headers once, here: they never change from one request to the next, and running
 * its middleware on every response (each header validated by Node twice) cost ~6 % of a logged
 * touch's CPU. Every response then gets the same set through Fastify.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { secure: boolean }): Promise<void> {
  const headers = headersOf(helmet({
    contentSecurityPolicy: {
      directives: {
        ...Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([name, sources]) => [name, [...sources]])),
        // Over plain HTTP (a LAN install) this would rewrite the web app's own /assets to https and break it.
        upgradeInsecureRequests: options.secure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
  }));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** What a helmet middleware sets on a response (it reads nothing of the request for these options). */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
  };
  let failure: unknown;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => { failure = error; });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
