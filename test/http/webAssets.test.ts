import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../src/http/webApp.js';
import { INITIAL_JS_BUDGET_GZIP_KB, initialJs, kb } from '../../web/initialJs.js';
import { precompressDir } from '../../web/precompress.js';

/** Issue 14 item 5: the web app's files go out brotli- or gzip-encoded as the build wrote them, never to a client that did not ask. */
describe('precompressed web assets', () => {
  const script = `export const greeting = ${JSON.stringify('hello '.repeat(500))};\n`;
  const html = `<!doctype html><title>Followthrough</title><script type="module" src="/assets/app-1a2b3c.js"></script>${'<!-- padding -->'.repeat(50)}`;
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'ft-web-assets-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), html);
    await writeFile(join(dist, 'book.html'), '<!doctype html><title>Choose a time</title>');
    await writeFile(join(dist, 'assets', 'app-1a2b3c.js'), script);
    await writeFile(join(dist, 'assets', 'logo-9f8e7d.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const compressed = await precompressDir(dist);
    expect(compressed.map((file) => file.slice(dist.length + 1)).sort()).toEqual(['assets/app-1a2b3c.js', 'book.html', 'index.html']);
    app = Fastify();
    await registerWebApp(app, { root: dist });
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ status: 404 }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(dist, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('sends brotli when the browser accepts it, preferred over gzip', async () => {
    for (const accept of ['gzip, deflate, br', 'br', 'br, gzip, zstd']) {
      const response = await get('/assets/app-1a2b3c.js', accept);
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe('br');
      expect(response.headers['content-type'], accept).toMatch(/^text\/javascript|^application\/javascript/);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(response.rawPayload).toString(), accept).toBe(script);
    }
  });

  it('sends gzip when only gzip is accepted (or brotli is refused)', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip', 'deflate, gzip']) {
      const response = await get('/assets/app-1a2b3c.js', accept);
      expect(response.headers['content-encoding'], accept).toBe('gzip');
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(gunzipSync(response.rawPayload).toString(), accept).toBe(script);
    }
  });

  it('sends the file itself to a client that asked for no encoding it has', async () => {
    for (const accept of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const response = await get('/assets/app-1a2b3c.js', accept);
      expect(response.statusCode, String(accept)).toBe(200);
      expect(response.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(response.headers.vary, String(accept)).toMatch(/accept-encoding/i);
      expect(response.body, String(accept)).toBe(script);
    }
    // A binary file has no compressed copy: it goes out as it is, whatever the client accepts.
    const image = await get('/assets/logo-9f8e7d.png', 'br, gzip');
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps index.html uncached and encoded, at / and for client-side routes', async () => {
    for (const url of ['/', '/index.html', '/contacts/42']) {
      const response = await get(url, 'gzip, br');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(html);
    }
    const plain = await get('/', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(html);
  });

  it('keeps the booking page out of caches and its token out of Referer, encoded or not', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const response = await get('/book/AbC-123_x', accept);
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type'], accept).toBe('text/html; charset=utf-8');
      expect(response.headers['content-encoding'], accept).toBe(accept === 'identity' ? undefined : accept);
      expect(response.headers['cache-control'], accept).toBe('no-store');
      expect(response.headers['referrer-policy'], accept).toBe('no-referrer');
    }
  });

  it('never serves a compressed sibling by its own name, and answers a missing hashed asset with 404', async () => {
    for (const url of ['/assets/app-1a2b3c.js.br', '/assets/app-1a2b3c.js.gz', '/assets/app-0ld0ne.js']) {
      const response = await get(url, 'br, gzip');
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-encoding'], url).toBeUndefined();
    }
    const sibling = await get('/index.html.br', 'br, gzip');
    expect(sibling.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(sibling.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(sibling.rawPayload).toString()).toBe(html);
  });

  it('refuses paths that leave the folder, whatever the encoding asked for', async () => {
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%2e%2e%2f%2e%2e%2fetc%2fhostname']) {
      for (const accept of ['br', 'gzip', 'identity']) {
        const response = await get(url, accept);
        const body = response.headers['content-encoding'] === 'br' ? brotliDecompressSync(response.rawPayload).toString()
          : response.headers['content-encoding'] === 'gzip' ? gunzipSync(response.rawPayload).toString() : response.body;
        expect(body, `${url} ${accept}`).not.toContain('root:');
        expect(body, `${url} ${accept}`).toBe(html);
      }
    }
  });
});

/** The first screen's JavaScript budget, checked on the build in web/dist when there is one (`npm run build` makes it). */
describe('initial JavaScript of the built web app', () => {
  const dist = resolve(import.meta.dirname, '../../web/dist');
  const built = existsSync(join(dist, 'index.html'));
  if (!built) console.warn(`skipped the initial JS budget: ${dist} is not built (npm run build)`);

  it.skipIf(!built)(`stays within ${INITIAL_JS_BUDGET_GZIP_KB} KB gzip`, async () => {
    const js = await initialJs(dist);
    console.log(`initial JS: ${kb(js.brotli)} KB brotli, ${kb(js.gzip)} KB gzip, ${kb(js.raw)} KB raw (${js.files.join(', ')})`);
    expect(js.files.length).toBeGreaterThan(0);
    expect(kb(js.gzip)).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZIP_KB);
  });
});
