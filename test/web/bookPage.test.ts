import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../src/http/webApp.js';

/** Issue 13: /book/{token} is the booking page's own small entry (web/book.html), never the salesperson's app. */
describe('serving the booking page', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'ft-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Followthrough</title>');
    await writeFile(join(dist, 'book.html'), '<!doctype html><title>Choose a time</title><script type="module" src="/assets/book-1.js"></script>');
    app = Fastify();
    await registerWebApp(app, { root: dist });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('answers /book/{token} with book.html, kept from caches and sending no referrer, with or without ?slot=', async () => {
    for (const url of ['/book/AbC-123_x', `/book/AbC-123_x?slot=${encodeURIComponent('2026-12-08T15:00:00.000Z')}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<title>Choose a time</title>');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    // The salesperson's app is not the booking page's fallback, nor the other way round.
    expect((await app.inject({ method: 'GET', url: '/contacts/1' })).body).toContain('<title>Followthrough</title>');
  });

  it('explains how to build the app when book.html is missing', async () => {
    const bare = Fastify();
    await registerWebApp(bare, { root: join(dist, 'does-not-exist') });
    const response = await bare.inject({ method: 'GET', url: '/book/AbC-123_x' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    expect(response.headers['cache-control']).toBe('no-store');
    await bare.close();
  });
});
