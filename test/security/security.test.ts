import { createHash } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { everyCell, snapshotDatabase } from '../helpers/tableSnapshot.js';

const OWNER_EMAIL = 'owner@example.com';
const OWNER_PASSWORD = 'correct horse battery';
const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

interface LoginBody {
  csrfToken: string;
}

interface Problem {
  type: string;
  title: string;
  status: number;
}

describe.each(testDialects())('security on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let ownerId: string;
  /** Every response the tests saw, for the "never leaks a hash" scan. */
  const seen: Array<{ what: string; body: string; headers: string }> = [];

  async function inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t.app.inject(options);
    seen.push({ what: `${options.method ?? 'GET'} ${String(options.url)} → ${response.statusCode}`, body: response.body, headers: JSON.stringify(response.headers) });
    return response;
  }

  const login = (email: string, password: string) => inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  /** A fresh user, so that each throttling test has its own (address, email) key. */
  async function newUser(label: string): Promise<{ email: string; password: string }> {
    const user = { email: `${label}-${Math.random().toString(36).slice(2)}@example.com`, password: `${label} password 123`, name: label, role: 'member' };
    const response = await owner.post('/api/v1/users', user);
    expect(response.status).toBe(201);
    return user;
  }

  /** The session cookie `name=value` pair and CSRF token from a real login. */
  async function sessionOf(email: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
    const response = await login(email, password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ft_session');
    if (!cookie) throw new Error('no ft_session cookie');
    return { cookie: `${cookie.name}=${cookie.value}`, csrfToken: response.json<LoginBody>().csrfToken };
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const setup = await setUpOwner(t.app, { email: OWNER_EMAIL });
    owner = setup.api;
    ownerId = setup.userId;
  });
  afterAll(async () => { await t?.close(); });

  describe('password storage', () => {
    it('stores the password as argon2id v19 with m=19456, t=2, p=1', async () => {
      const row = await t.store.db.selectFrom('users').select('password_hash').where('id', '=', ownerId).executeTakeFirstOrThrow();
      const phc = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(row.password_hash);
      expect(phc, row.password_hash.slice(0, 40)).not.toBeNull();
      const [, version, memory, iterations, lanes, salt, hash] = phc ?? [];
      expect({ version, memory, iterations, lanes }).toEqual({ version: '19', memory: '19456', iterations: '2', lanes: '1' });
      expect(Buffer.from(salt ?? '', 'base64').length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(hash ?? '', 'base64').length).toBeGreaterThanOrEqual(32);
    });

    it('does not store the password itself anywhere', async () => {
      const cells = await everyCell(t.store.db);
      expect(cells.filter((c) => c.text.includes(OWNER_PASSWORD))).toEqual([]);
    });
  });

  describe('API tokens', () => {
    let token: string;
    beforeAll(async () => {
      const response = await owner.post<{ token: string }>('/api/v1/tokens', { name: 'ci' });
      expect(response.status).toBe(201);
      token = response.body.token;
    });

    it('never stores the raw token in any column of any table', async () => {
      const cells = await everyCell(t.store.db);
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.filter((c) => c.text.includes(token))).toEqual([]);
    });

    it('stores the token\'s SHA-256 hex in api_tokens.token_hash', async () => {
      const rows = await t.store.db.selectFrom('api_tokens').select('token_hash').where('token_hash', '=', sha256Hex(token)).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('accepts the returned token as a bearer credential', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('login throttling', () => {
    it('answers the sixth attempt after five wrong passwords with 429 problem JSON and Retry-After, even with the right password', async () => {
      const user = await newUser('throttled');
      for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password!')).statusCode).toBe(401);
      const sixth = await login(user.email, user.password);
      expect(sixth.statusCode).toBe(429);
      expect(sixth.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(sixth.json<Problem>()).toMatchObject({ status: 429, title: expect.any(String), type: expect.stringContaining('rate-limited') });
      expect(String(sixth.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
      expect(sixth.cookies.find((c) => c.name === 'ft_session')).toBeUndefined();
    });

    it('lets the right password in again after the clock moves 15 minutes on', async () => {
      const user = await newUser('waited');
      for (let i = 0; i < 5; i++) await login(user.email, 'wrong password!');
      expect((await login(user.email, user.password)).statusCode).toBe(429);
      t.clock.advance(15 * 60_000 + 1_000);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
    });

    it('says in Retry-After how long the lockout really lasts', async () => {
      const user = await newUser('told');
      for (let i = 0; i < 5; i++) await login(user.email, 'wrong password!');
      const refused = await login(user.email, user.password);
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThan(60);
      expect(wait).toBeLessThanOrEqual(15 * 60);
      t.clock.advance((wait - 2) * 1_000);
      expect((await login(user.email, user.password)).statusCode).toBe(429);
      t.clock.advance(3_000);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
    });

    it('throttles one email without locking out another', async () => {
      const victim = await newUser('victim');
      const bystander = await newUser('bystander');
      for (let i = 0; i < 5; i++) await login(victim.email, 'wrong password!');
      expect((await login(victim.email, victim.password)).statusCode).toBe(429);
      expect((await login(bystander.email, bystander.password)).statusCode).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('rejects a cross-site form POST carrying the session cookie with 403 and changes nothing', async () => {
      const { cookie } = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const before = await snapshotDatabase(t.store.db);
      const response = await inject({
        method: 'POST', url: '/api/v1/contacts', payload: 'name=Mallory+Forged',
        headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await snapshotDatabase(t.store.db)).toEqual(before);
    });

    it('rejects a cookie-authenticated JSON write without the x-csrf-token header with 403', async () => {
      const { cookie } = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const before = await snapshotDatabase(t.store.db);
      const response = await inject({ method: 'POST', url: '/api/v1/contacts', payload: { name: 'Mallory Forged' }, headers: { cookie } });
      expect(response.statusCode).toBe(403);
      expect(await snapshotDatabase(t.store.db)).toEqual(before);
    });

    it('rejects a cookie-authenticated write whose x-csrf-token is another session\'s', async () => {
      const mine = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const other = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const response = await inject({ method: 'POST', url: '/api/v1/contacts', payload: { name: 'Mallory Forged' }, headers: { cookie: mine.cookie, 'x-csrf-token': other.csrfToken } });
      expect(response.statusCode).toBe(403);
    });

    it('accepts the same write with the session\'s x-csrf-token header', async () => {
      // The API reads JSON only; the web app sends the same fields as JSON with the token it got at login.
      const { cookie, csrfToken } = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const response = await inject({
        method: 'POST', url: '/api/v1/contacts', payload: { name: 'Mallory Forged' },
        headers: { cookie, origin: 'https://evil.example', 'x-csrf-token': csrfToken },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json<{ name: string }>().name).toBe('Mallory Forged');
    });
  });

  describe('response headers', () => {
    const requests: Array<{ what: string; options: () => InjectOptions }> = [
      { what: 'health check', options: () => ({ method: 'GET', url: '/healthz' }) },
      { what: 'authenticated read', options: () => ({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${owner.token}` } }) },
      { what: '401 problem', options: () => ({ method: 'GET', url: '/api/v1/contacts' }) },
      { what: '404 problem', options: () => ({ method: 'GET', url: '/api/v1/contacts/nope', headers: { authorization: `Bearer ${owner.token}` } }) },
      { what: '400 problem', options: () => ({ method: 'POST', url: '/api/v1/contacts', payload: { name: 42 }, headers: { authorization: `Bearer ${owner.token}` } }) },
      { what: 'created', options: () => ({ method: 'POST', url: '/api/v1/contacts', payload: { name: 'Header Check' }, headers: { authorization: `Bearer ${owner.token}` } }) },
      { what: 'OpenAPI document', options: () => ({ method: 'GET', url: '/api/openapi.json' }) },
      { what: 'web app', options: () => ({ method: 'GET', url: '/' }) },
      { what: 'malformed URL problem', options: () => ({ method: 'GET', url: '/api/v1/contacts/%zz', headers: { authorization: `Bearer ${owner.token}` } }) },
    ];

    it.each(requests)('sends a CSP with frame-ancestors \'none\' on the $what', async ({ options }) => {
      const response = await inject(options());
      const csp = String(response.headers['content-security-policy'] ?? '');
      expect(csp.split(';').map((d) => d.trim())).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/default-src '(self|none)'/);
    });

    it.each(requests)('sends x-content-type-options: nosniff on the $what', async ({ options }) => {
      const response = await inject(options());
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly, SameSite=Strict and scoped to the whole site', async () => {
      const response = await login(OWNER_EMAIL, OWNER_PASSWORD);
      const cookie = response.cookies.find((c) => c.name === 'ft_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      const raw = [response.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('ft_session=')) ?? '';
      expect(raw).toMatch(/;\s*HttpOnly/i);
      expect(raw).toMatch(/;\s*SameSite=Strict/i);
    });

    it('stores only a hash of the session id', async () => {
      const { cookie } = await sessionOf(OWNER_EMAIL, OWNER_PASSWORD);
      const sessionId = cookie.slice('ft_session='.length);
      const cells = await everyCell(t.store.db);
      expect(cells.filter((c) => c.text.includes(sessionId))).toEqual([]);
    });
  });

  describe('secrets in responses', () => {
    it('never returns a password hash or the iCal secret hash in any response', async () => {
      const users = await t.store.db.selectFrom('users').select(['password_hash', 'ical_secret_hash']).execute();
      const auth = { authorization: `Bearer ${owner.token}` };
      // Writes whose responses carry users, workspaces and tokens.
      await inject({ method: 'POST', url: '/api/v1/users', headers: auth, payload: { email: 'scan@example.com', password: 'scan password 123', name: 'Scan', role: 'admin' } });
      await inject({ method: 'POST', url: '/api/v1/workspaces', headers: auth, payload: { name: 'Scan WS', timeZone: 'UTC' } });
      await inject({ method: 'POST', url: '/api/v1/tokens', headers: auth, payload: { name: 'scan' } });
      await inject({ method: 'PATCH', url: '/api/v1/me', headers: auth, payload: { name: 'Olivia O.' } });
      await login(OWNER_EMAIL, OWNER_PASSWORD);
      // Every GET route the OpenAPI document lists, with path parameters filled from real rows.
      const contact = await t.store.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow();
      const openapi = (await inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
      const getPaths = Object.entries(openapi.paths).filter(([, methods]) => 'get' in methods).map(([path]) => path);
      expect(getPaths).toContain('/api/v1/me');
      for (const path of getPaths) {
        await inject({ method: 'GET', url: path.replace(/\{[^}]+\}/g, contact.id), headers: auth });
      }
      const feed = (await inject({ method: 'POST', url: '/api/v1/me/ical-secret', headers: auth })).json<{ icalUrl: string }>();
      await inject({ method: 'GET', url: new URL(feed.icalUrl).pathname });

      const forbidden = ['password_hash', 'passwordHash', 'ical_secret_hash', 'icalSecretHash', '$argon2', ...users.flatMap((u) => [u.password_hash, u.ical_secret_hash])];
      const leaks = seen.flatMap((r) => forbidden.filter((f) => r.body.includes(f) || r.headers.includes(f)).map((f) => `${r.what} contains ${f.slice(0, 24)}`));
      expect(seen.length).toBeGreaterThan(10);
      expect(leaks).toEqual([]);
    });
  });
});
