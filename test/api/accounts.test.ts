import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, meSchema, tokenSchema, userSchema, workspaceSchema } from '../../src/shared/index.js';
import { client, startTestApp, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type User = z.infer<typeof userSchema>;
type Workspace = z.infer<typeof workspaceSchema>;
type Me = z.infer<typeof meSchema>;
type Contact = z.infer<typeof contactSchema>;
type Page<T> = { items: T[]; nextCursor: string | null };
type TokenList = Page<z.infer<typeof tokenSchema>>;
type ContactList = Page<Contact>;
type SetupResponse = { user: User; workspace: Workspace; token: string };
type LoginResponse = { user: User; workspace: Workspace; csrfToken: string };
type NewToken = { id: string; name: string; token: string; createdAt: string };
type NewWorkspace = { workspace: Workspace; token: string };

const PASSWORD = 'correct horse battery';
const OWNER_EMAIL = 'owner@example.com';

function login(app: FastifyInstance, email: string, password: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'ft_session');
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie.value;
}

describe.each(testDialects())('accounts on %s', (dialect) => {
  describe('first run', () => {
    let t: TestApp;
    beforeAll(async () => { t = await startTestApp(dialect); });
    afterAll(async () => { await t.close(); });

    it('reports that setup is needed, then creates the first user, workspace and a working token (201)', async () => {
      const before = await t.app.inject({ method: 'GET', url: '/api/v1/setup' });
      expect(before.json()).toEqual({ needed: true });

      const response = await t.app.inject({
        method: 'POST', url: '/api/v1/setup',
        payload: { email: 'First@Example.com', password: PASSWORD, name: 'Fran First', workspace: 'First Co', timeZone: 'Asia/Tokyo' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json() as SetupResponse;
      expect(body.user).toMatchObject({ email: 'first@example.com', name: 'Fran First', timeZone: 'Asia/Tokyo', role: 'owner' });
      expect(body.workspace).toMatchObject({ name: 'First Co', timeZone: 'Asia/Tokyo' });
      expect(body.token).toEqual(expect.any(String));

      const me = await client(t.app, body.token).get<Me>('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(body.user.id);
      expect(me.body.workspace.id).toBe(body.workspace.id);
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/setup' });
      expect(after.json()).toEqual({ needed: false });
    });
  });

  describe('once set up', () => {
    let t: TestApp;
    let owner: ApiClient;
    let ownerUserId: string;
    let workspaceId: string;
    let memberSeq = 0;

    beforeAll(async () => { ({ t, api: owner, userId: ownerUserId, workspaceId } = await startTestAppWithOwner(dialect, { owner: { email: OWNER_EMAIL } })); });
    afterAll(() => closeAll(t));

    /** A new user in the owner's workspace, with a client acting as them (through a token they create). */
    async function addUser(role: 'owner' | 'admin' | 'member', by: ApiClient = owner): Promise<{ user: User; email: string; api: ApiClient }> {
      const email = `${role}${++memberSeq}@example.com`;
      const created = await by.post<User>('/api/v1/users', { email, password: PASSWORD, name: `${role} ${memberSeq}`, role });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const cookie = sessionCookie(await login(t.app, email, PASSWORD));
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
      const csrf = (me.json() as Me).csrfToken ?? '';
      const token = await t.app.inject({
        method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': csrf }, payload: { name: 'tests' },
      });
      return { user: created.body, email, api: client(t.app, (token.json() as NewToken).token) };
    }

    describe('setup', () => {
      it('refuses a second setup with 409 already-set-up', async () => {
        const response = await t.app.inject({
          method: 'POST', url: '/api/v1/setup',
          payload: { email: 'intruder@example.com', password: PASSWORD, name: 'Ivan', workspace: 'Takeover', timeZone: 'UTC' },
        });
        expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 409, '/already-set-up');
        const users = await t.store.db.selectFrom('users').select('email').where('email', '=', 'intruder@example.com').execute();
        expect(users).toEqual([]);
      });
    });

    describe('health', () => {
      it('GET /healthz answers ok with the dialect, without credentials', async () => {
        const response = await t.app.inject({ method: 'GET', url: '/healthz' });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ ok: true, db: dialect });
      });
    });

    describe('login and the session cookie', () => {
      it('logs in with 200 and sets an HttpOnly, SameSite session cookie', async () => {
        const response = await login(t.app, OWNER_EMAIL, PASSWORD);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json() as LoginResponse;
        expect(body.user).toMatchObject({ id: ownerUserId, email: OWNER_EMAIL, role: 'owner' });
        expect(body.workspace.id).toBe(workspaceId);
        const setCookie = String(response.headers['set-cookie']);
        expect(setCookie).toMatch(/^ft_session=[^;]+;/);
        expect(setCookie).toMatch(/;\s*HttpOnly/i);
        expect(setCookie).toMatch(/;\s*SameSite=(Strict|Lax)/i);
        expect(setCookie).toMatch(/;\s*Path=\//);
      });

      it('accepts the email in any case', async () => {
        const response = await login(t.app, OWNER_EMAIL.toUpperCase(), PASSWORD);
        expect(response.statusCode).toBe(200);
      });

      it('answers a wrong password with 401 problem JSON and no cookie', async () => {
        const response = await login(t.app, OWNER_EMAIL, 'not the password');
        expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 401);
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('answers an unknown email exactly like a wrong password', async () => {
        const response = await login(t.app, 'nobody@example.com', PASSWORD);
        const problem = expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 401);
        const wrong = await login(t.app, OWNER_EMAIL, 'not the password either');
        expect(wrong.json()).toEqual(problem);
      });

      it('reads GET /me with the cookie alone, including the CSRF token', async () => {
        const cookie = sessionCookie(await login(t.app, OWNER_EMAIL, PASSWORD));
        const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
        expect(me.statusCode).toBe(200);
        const body = me.json() as Me;
        expect(body.user.id).toBe(ownerUserId);
        expect(body.csrfToken).toEqual(expect.any(String));
      });

      it('refuses a cookie-authenticated write without the x-csrf-token header (403)', async () => {
        const cookie = sessionCookie(await login(t.app, OWNER_EMAIL, PASSWORD));
        const before = await t.store.db.selectFrom('contacts').select('id').execute();
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies: { ft_session: cookie }, payload: { name: 'Csrf Victim' } });
        expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 403, '/forbidden');
        expect(await t.store.db.selectFrom('contacts').select('id').execute()).toEqual(before);
      });

      it('refuses a cookie-authenticated write with a wrong x-csrf-token (403)', async () => {
        const cookie = sessionCookie(await login(t.app, OWNER_EMAIL, PASSWORD));
        const response = await t.app.inject({
          method: 'POST', url: '/api/v1/contacts', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': 'guessed' }, payload: { name: 'Csrf Victim' },
        });
        expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 403);
      });

      it('accepts a cookie-authenticated write carrying the x-csrf-token from /me', async () => {
        const cookie = sessionCookie(await login(t.app, OWNER_EMAIL, PASSWORD));
        const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } })).json() as Me;
        const response = await t.app.inject({
          method: 'POST', url: '/api/v1/contacts', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': me.csrfToken ?? '' }, payload: { name: 'Cookie Carol' },
        });
        expect(response.statusCode, response.body).toBe(201);
        expect((response.json() as Contact).name).toBe('Cookie Carol');
      });

      it('logs out: the cookie stops working', async () => {
        const cookie = sessionCookie(await login(t.app, OWNER_EMAIL, PASSWORD));
        const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } })).json() as Me;
        const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': me.csrfToken ?? '' } });
        expect(out.statusCode).toBe(204);
        const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
        expect(after.statusCode).toBe(401);
      });

      it('answers a call without credentials with 401 problem JSON', async () => {
        const response = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
        expectProblem({ status: response.statusCode, body: response.json(), headers: response.headers }, 401, '/unauthorized');
      });

      it('answers an unknown bearer token with 401 problem JSON', async () => {
        const response = await client(t.app, 'ft_not-a-real-token').get('/api/v1/contacts');
        expectProblem(response, 401, '/unauthorized');
      });
    });

    describe('tokens', () => {
      it('creates a token (201) whose value is shown once and works', async () => {
        const created = await owner.post<NewToken>('/api/v1/tokens', { name: 'zapier' });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ id: expect.any(String), name: 'zapier', token: expect.any(String) });
        const me = await client(t.app, created.body.token).get<Me>('/api/v1/me');
        expect(me.status).toBe(200);
        expect(me.body.user.id).toBe(ownerUserId);
        expect(me.body.workspace.id).toBe(workspaceId);
      });

      it('lists tokens by id and name, never with their value', async () => {
        const created = await owner.post<NewToken>('/api/v1/tokens', { name: 'listed' });
        const list = await owner.get<TokenList>('/api/v1/tokens');
        expect(list.status).toBe(200);
        const item = list.body.items.find((i) => i.id === created.body.id);
        expect(item).toMatchObject({ id: created.body.id, name: 'listed' });
        expect(Object.keys(item ?? {})).not.toContain('token');
        expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      });

      it('stores only a hash of the token', async () => {
        const created = await owner.post<NewToken>('/api/v1/tokens', { name: 'hashed' });
        const row = await t.store.db.selectFrom('api_tokens').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
        expect(JSON.stringify(row)).not.toContain(created.body.token);
      });

      it('revokes a token: afterwards it gets 401', async () => {
        const created = await owner.post<NewToken>('/api/v1/tokens', { name: 'short-lived' });
        const revoked = await owner.delete(`/api/v1/tokens/${created.body.id}`);
        expect(revoked.status).toBe(204);
        expectProblem(await client(t.app, created.body.token).get('/api/v1/me'), 401);
        expectProblem(await owner.delete(`/api/v1/tokens/${created.body.id}`), 404, '/not-found');
      });

      it('refuses a token without a name (400 naming name)', async () => {
        const problem = expectProblem(await owner.post('/api/v1/tokens', {}), 400, '/invalid');
        expect(problem.errors?.map((e) => e.path)).toContain('name');
      });
    });

    describe('users', () => {
      it('lets the owner add a member (201) who joins the workspace and can log in', async () => {
        const created = await owner.post<User>('/api/v1/users', { email: 'Mia@Example.com', password: PASSWORD, name: 'Mia Member', role: 'member' });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body).toMatchObject({ email: 'mia@example.com', name: 'Mia Member', role: 'member' });
        expect(JSON.stringify(created.body)).not.toContain(PASSWORD);

        const loggedIn = await login(t.app, 'mia@example.com', PASSWORD);
        expect(loggedIn.statusCode).toBe(200);
        expect((loggedIn.json() as LoginResponse).workspace.id).toBe(workspaceId);
        const users = await owner.get<Page<User>>('/api/v1/users');
        expect(users.body.items.map((u) => u.email)).toContain('mia@example.com');
      });

      it('stores the password only as a hash', async () => {
        const { user } = await addUser('member');
        const row = await t.store.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
        expect(row.password_hash).not.toContain(PASSWORD);
        expect(row.password_hash).toMatch(/^\$argon2id\$|^\$scrypt/);
      });

      it('forbids a member to add users (403)', async () => {
        const member = await addUser('member');
        const response = await member.api.post('/api/v1/users', { email: 'sneaky@example.com', password: PASSWORD, name: 'Sneaky', role: 'admin' });
        expectProblem(response, 403, '/forbidden');
        expect(await t.store.db.selectFrom('users').select('id').where('email', '=', 'sneaky@example.com').execute()).toEqual([]);
      });

      it('lets an admin add a member (201)', async () => {
        const admin = await addUser('admin');
        const response = await admin.api.post<User>('/api/v1/users', { email: 'by-admin@example.com', password: PASSWORD, name: 'By Admin', role: 'member' });
        expect(response.status).toBe(201);
        expect(response.body.role).toBe('member');
      });

      it('forbids an admin to add an owner (403)', async () => {
        const admin = await addUser('admin');
        expectProblem(await admin.api.post('/api/v1/users', { email: 'new-owner@example.com', password: PASSWORD, name: 'New Owner', role: 'owner' }), 403);
      });

      it('refuses an email already in use (409)', async () => {
        const response = await owner.post('/api/v1/users', { email: OWNER_EMAIL, password: PASSWORD, name: 'Twin', role: 'member' });
        expectProblem(response, 409);
      });

      it('refuses a short password (400 naming password)', async () => {
        const problem = expectProblem(await owner.post('/api/v1/users', { email: 'short@example.com', password: 'short', name: 'Short', role: 'member' }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain('password');
      });
    });

    describe('workspaces', () => {
      it('creates a workspace (201) owned by the caller whose token acts in it', async () => {
        const created = await owner.post<NewWorkspace>('/api/v1/workspaces', { name: 'Second Co', timeZone: 'America/Chicago' });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body.workspace).toMatchObject({ name: 'Second Co', timeZone: 'America/Chicago' });
        const me = await client(t.app, created.body.token).get<Me>('/api/v1/me');
        expect(me.body.workspace.id).toBe(created.body.workspace.id);
        expect(me.body.user).toMatchObject({ id: ownerUserId, role: 'owner' });
      });

      it('keeps each token in its own workspace: contacts do not cross', async () => {
        const created = await owner.post<NewWorkspace>('/api/v1/workspaces', { name: 'Third Co', timeZone: 'Europe/Paris' });
        const other = client(t.app, created.body.token);
        const inOriginal = await owner.post<Contact>('/api/v1/contacts', { name: 'Only In Original' });
        const inNew = await other.post<Contact>('/api/v1/contacts', { name: 'Only In New' });

        const seenByNew = await other.get<ContactList>('/api/v1/contacts?limit=500');
        expect(seenByNew.body.items.map((c) => c.id)).toEqual([inNew.body.id]);
        const seenByOriginal = await owner.get<ContactList>('/api/v1/contacts?limit=500');
        expect(seenByOriginal.body.items.map((c) => c.id)).toContain(inOriginal.body.id);
        expect(seenByOriginal.body.items.map((c) => c.id)).not.toContain(inNew.body.id);
        expectProblem(await owner.get(`/api/v1/contacts/${inNew.body.id}`), 404);
      });

      it('refuses an unknown time zone (400 naming timeZone)', async () => {
        const problem = expectProblem(await owner.post('/api/v1/workspaces', { name: 'Nowhere', timeZone: 'Mars/Olympus' }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain('timeZone');
      });
    });

    describe('me', () => {
      it('returns the user, the workspace and whether an iCal feed exists (its link only when made)', async () => {
        const me = await owner.get<Me>('/api/v1/me');
        expect(me.status).toBe(200);
        expect(me.body.user).toMatchObject({ id: ownerUserId, email: OWNER_EMAIL, role: 'owner', timeZone: 'Europe/London' });
        expect(me.body.workspace.id).toBe(workspaceId);
        expect(me.body.icalUrl).toBeNull();
        expect(me.body.icalFeed).toEqual({ active: false, createdAt: null });
        expect(me.body.csrfToken).toBeUndefined();
      });

      it('makes a new iCal link, shown once: GET /me then says a feed exists but not its link', async () => {
        const first = await owner.post<{ icalUrl: string }>('/api/v1/me/ical-secret');
        expect(first.status).toBe(200);
        expect(first.body.icalUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/ical\/[A-Za-z0-9_-]{16,}\.ics$/);
        const rotated = await owner.post<{ icalUrl: string }>('/api/v1/me/ical-secret');
        expect(rotated.body.icalUrl).not.toBe(first.body.icalUrl);
        const me = (await owner.get<Me>('/api/v1/me')).body;
        expect(me.icalUrl).toBeNull();
        expect(me.icalFeed.active).toBe(true);
      });

      it('updates the user\'s zone and working hours', async () => {
        const { api } = await addUser('member');
        const patched = await api.patch<User>('/api/v1/me', { timeZone: 'Asia/Kolkata', workFrom: '08:30', workTo: '16:30' });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ timeZone: 'Asia/Kolkata', workFrom: '08:30', workTo: '16:30' });
        expect((await api.get<Me>('/api/v1/me')).body.user.timeZone).toBe('Asia/Kolkata');
      });

      it('keeps a phone number and a signature, shown only on your own profile; empty removes them', async () => {
        const { api, user } = await addUser('member');
        expect((await api.get<Me>('/api/v1/me')).body.user).toMatchObject({ phone: null, signature: null });
        const patched = await api.patch<Me['user']>('/api/v1/me', { phone: ' +44 20 7946 0958 ', signature: 'Mo Member\nAcme Sales, London' });
        expect(patched.status, JSON.stringify(patched.body)).toBe(200);
        expect(patched.body).toMatchObject({ phone: '+44 20 7946 0958', signature: 'Mo Member\nAcme Sales, London' });
        expect((await api.get<Me>('/api/v1/me')).body.user).toMatchObject({ phone: '+44 20 7946 0958', signature: 'Mo Member\nAcme Sales, London' });
        // Not part of the user as others see it.
        const listed = (await owner.get<{ items: Array<Record<string, unknown>> }>('/api/v1/users')).body.items.find((u) => u.id === user.id);
        expect(listed).not.toHaveProperty('phone');

        const cleared = await api.patch<Me['user']>('/api/v1/me', { phone: '', signature: '   ' });
        expect(cleared.body).toMatchObject({ phone: null, signature: null });
      });

      it('refuses a phone number without digits, naming the field, and changes nothing', async () => {
        const { api } = await addUser('member');
        await api.patch('/api/v1/me', { phone: '020 7946 0958' });
        for (const phone of ['call me', '0207<script>', '1'.repeat(41)]) {
          const refused = await api.patch('/api/v1/me', { phone, name: 'Changed Name' });
          expect(problemPaths(expectProblem(refused, 400)), phone).toEqual(['phone']);
        }
        expect((await api.get<Me>('/api/v1/me')).body.user).toMatchObject({ phone: '020 7946 0958' });
        expect((await api.get<Me>('/api/v1/me')).body.user.name).not.toBe('Changed Name');
      });
    });
  });
});
