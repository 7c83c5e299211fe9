import { existsSync, statSync } from 'node:fs';
import { normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** src/http and dist/http both sit two levels below the package root. */
export const defaultWebRoot = (): string => fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths the single-page app must never answer: they belong to the API, the docs or the calendar feed. */
const SERVER_PREFIXES = ['/api/', '/api', '/ical/', '/healthz'];

const PRECOMPRESSED = /\.(?:br|gz)$/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Followthrough</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Followthrough</h1>
<p>The server is running, but the web app has not been built yet.</p>
<p>Run <code>npm run build</code> in the project folder, then reload this page.</p>
<p>The API is available now: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

/**
 * Serves the built web app (web/dist) at `/`, with hashed assets cached for a year and every other
 * non-API path answered by index.html so that client-side routes survive a reload.
 */
export async function registerWebApp(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = resolve(options.root ?? defaultWebRoot());
  const builtIndex = (): boolean => existsSync(resolve(root, 'index.html'));

  // The build writes a .br and a .gz beside each text file (web/precompress.ts): @fastify/static picks the one
  // the request's Accept-Encoding allows (brotli first), adds `vary: accept-encoding`, and falls back to the file itself.
  if (existsSync(root)) await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  const sendIndex = (reply: FastifyReply) => {
    if (!builtIndex()) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return reply.callNotFound();
    }
    if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix))) return reply.callNotFound();
    const relative = normalize(path).replace(/^[/\\]+/, '');
    const file = resolve(root, relative);
    const hashed = relative.startsWith(`assets${sep}`) || relative.startsWith('assets/');
    // The .br and .gz siblings are encodings of a file, not addresses of their own.
    if (relative && !PRECOMPRESSED.test(relative) && builtIndex() && file.startsWith(root + sep) && isFile(file)) {
      return reply
        .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        .sendFile(relative, root, { cacheControl: false });
    }
    // A chunk this tab asks for after a new build replaced it: a 404 lets the page say so (and offer a
    // reload), where index.html in its place would fail as a script of the wrong type.
    if (hashed && file.startsWith(root + sep)) return reply.callNotFound();
    return sendIndex(reply);
  };

  // The page a client opens from a booking link (web/book.html), signed out: the token in its address
  // is kept from caches and from the Referer of anything the page loads.
  app.get('/book/:token', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (!existsSync(resolve(root, 'book.html'))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.sendFile('book.html', root, { cacheControl: false });
  });

  // Not `public`: the auth hook ignores non-API paths anyway, and an unknown /api/v1 path keeps answering 401 before 404.
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
