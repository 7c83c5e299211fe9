import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../src/http/webApp.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** Serving the built web app: files, SPA fallback, caching, and never shadowing the API. */
describe('web app serving', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'ft-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Followthrough</title><script type="module" src="/assets/app-123.js"></script>');
    await writeFile(join(dist, 'assets', 'app-123.js'), 'console.log(1)');
    await writeFile(join(dist, 'favicon.svg'), '<svg/>');
    app = Fastify();
    await registerWebApp(app, { root: dist });
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ status: 404 }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, never cached', async () => {
    for (const url of ['/', '/contacts/abc', '/settings?x=1', '/index.html']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<title>Followthrough</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache and other files as they are', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['content-type']).toMatch(/svg/);
  });

  it('leaves API, docs and calendar paths to the server, and never leaves the folder', async () => {
    for (const url of ['/api/v1/nothing', '/api/nothing', '/ical/abc.ics', '/healthz']) {
      expect((await app.inject({ method: 'GET', url })).json(), url).toEqual({ status: 404 });
    }
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('root:');
    }
  });

  it('explains how to build the app when web/dist is missing', async () => {
    const bare = Fastify();
    await registerWebApp(bare, { root: join(dist, 'does-not-exist') });
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    expect(response.body).not.toMatch(/<script/i);
    await bare.close();
  });
});

describe('the web app inside the real server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers / with HTML under the same Content-Security-Policy, and unknown API paths with problem JSON', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.statusCode).toBe(401);
  });

  it('loads demo data for an owner through POST /api/v1/demo', async () => {
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'o@example.com', password: 'correct horse battery', name: 'O', workspace: 'W', timeZone: 'Europe/Paris' } });
    const token = (setup.json() as { token: string }).token;
    const headers = { authorization: `Bearer ${token}` };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/demo', headers, payload: { contacts: 0 } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors[0]?.path).toBe('contacts');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/demo', headers, payload: { contacts: 12 } });
    expect(response.statusCode).toBe(201);
    const summary = response.json() as { contacts: number; followUps: number };
    expect(summary.contacts).toBe(12);
    const contacts = await t.app.inject({ method: 'GET', url: '/api/v1/contacts?limit=500', headers });
    expect((contacts.json() as { items: unknown[] }).items).toHaveLength(12);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/demo', payload: {} });
    expect(anonymous.statusCode).toBe(401);

    // A member may not fill the team's workspace with made-up people.
    await t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email: 'm@example.com', password: 'correct horse battery', name: 'M', role: 'member' } });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'm@example.com', password: 'correct horse battery' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    const member = await t.app.inject({ method: 'POST', url: '/api/v1/demo', headers: { cookie, 'x-csrf-token': csrf }, payload: {} });
    expect(member.statusCode).toBe(403);
  });
});
