import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deactivateUser } from '../../src/services/deactivation.js';
import * as storeAccounts from '../../src/store/accounts.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { everyCell } from '../helpers/tableSnapshot.js';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };
const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

interface Problem { status: number; errors?: Array<{ path: string; message: string }> }
interface Issued { userId: string; email: string; expiresAt: string; mailed: boolean; resetUrl: string | null }
interface AuditItem { action: string; actor: { id: string; email: string | null } | null; target: { id: string; email: string | null }; at: string }
interface Session { cookie: string; csrfToken: string }

describe.each(testDialects())('issue 12 finding 9: accounts a team can run (%s)', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let ownerId: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const setup = await setUpOwner(t.app, { email: OWNER.email });
    owner = setup.api;
    ownerId = setup.userId;
  });
  afterAll(async () => { await t?.close(); });

  async function addUser(role: 'owner' | 'admin' | 'member', label: string = role): Promise<{ id: string; email: string; password: string }> {
    const user = { email: `${label}-${++counter}@example.com`, password: `${label} password ${counter}00`, name: `${label} ${counter}`, role };
    const created = await owner.post<{ id: string }>('/api/v1/users', user);
    expect(created.status).toBe(201);
    return { id: created.body.id, email: user.email, password: user.password };
  }

  const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  async function sessionOf(email: string, password: string): Promise<Session> {
    const response = await login(email, password);
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ft_session');
    if (!cookie) throw new Error('no ft_session cookie');
    return { cookie: `${cookie.name}=${cookie.value}`, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
  }

  async function asSession<T = unknown>(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; body: T }> {
    const response = await t.app.inject({
      method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as T };
  }

  const meStatus = async (session: Session) => (await asSession(session, 'GET', '/api/v1/me')).status;
  const tokenOf = (issued: Issued): string => new URL(issued.resetUrl ?? '').pathname.replace('/reset/', '');

  describe('change password', () => {
    it('refuses a wrong current password with 400 naming currentPassword, and changes nothing', async () => {
      const user = await addUser('member');
      const session = await sessionOf(user.email, user.password);
      const refused = await asSession<Problem>(session, 'POST', '/api/v1/me/password', { currentPassword: 'not it at all', newPassword: 'a brand new password' });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.path)).toEqual(['currentPassword']);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
      expect((await login(user.email, 'a brand new password')).statusCode).toBe(401);
    });

    it('holds the new password to the setup rules (400 naming newPassword)', async () => {
      const user = await addUser('member');
      const session = await sessionOf(user.email, user.password);
      const refused = await asSession<Problem>(session, 'POST', '/api/v1/me/password', { currentPassword: user.password, newPassword: 'short' });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.path)).toEqual(['newPassword']);
    });

    it('ends the other sessions and keeps the current one; the new password logs in, the old does not', async () => {
      const user = await addUser('member');
      const current = await sessionOf(user.email, user.password);
      const other = await sessionOf(user.email, user.password);
      const changed = await asSession(current, 'POST', '/api/v1/me/password', { currentPassword: user.password, newPassword: 'a brand new password' });
      expect(changed.status).toBe(204);
      expect(await meStatus(current)).toBe(200);
      expect(await meStatus(other)).toBe(401);
      expect((await login(user.email, user.password)).statusCode).toBe(401);
      expect((await login(user.email, 'a brand new password')).statusCode).toBe(200);
    });

    it('is throttled like login: after five wrong current passwords, 429 even for the right one', async () => {
      const user = await addUser('member');
      const session = await sessionOf(user.email, user.password);
      for (let i = 0; i < 5; i++) {
        expect((await asSession(session, 'POST', '/api/v1/me/password', { currentPassword: `guess number ${i}`, newPassword: 'a brand new password' })).status).toBe(400);
      }
      expect((await asSession(session, 'POST', '/api/v1/me/password', { currentPassword: user.password, newPassword: 'a brand new password' })).status).toBe(429);
      t.clock.advance(16 * 60_000);
      expect((await asSession(session, 'POST', '/api/v1/me/password', { currentPassword: user.password, newPassword: 'a brand new password' })).status).toBe(204);
    });
  });

  describe('reset links', () => {
    it('a member cannot issue one, nor can an admin for an owner', async () => {
      const member = await addUser('member');
      const admin = await addUser('admin');
      const memberSession = await sessionOf(member.email, member.password);
      expect((await asSession(memberSession, 'POST', `/api/v1/users/${admin.id}/password-reset`)).status).toBe(403);
      const adminSession = await sessionOf(admin.email, admin.password);
      expect((await asSession(adminSession, 'POST', `/api/v1/users/${ownerId}/password-reset`)).status).toBe(403);
      expect((await asSession(adminSession, 'POST', `/api/v1/users/${member.id}/password-reset`)).status).toBe(201);
    });

    it('without a mailbox the link is returned once; only its SHA-256 is stored, in no column the raw token', async () => {
      const user = await addUser('member');
      const issued = await owner.post<Issued>(`/api/v1/users/${user.id}/password-reset`);
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ userId: user.id, email: user.email, mailed: false });
      expect(issued.body.resetUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/reset\/[A-Za-z0-9_-]{40,}$/);
      const token = tokenOf(issued.body);
      const cells = await everyCell(t.store.db);
      expect(cells.filter((c) => c.text.includes(token))).toEqual([]);
      const rows = await t.store.db.selectFrom('password_reset_tokens').select('token_hash').where('token_hash', '=', sha256Hex(token)).execute();
      expect(rows).toHaveLength(1);
    });

    it('is one-time: sets the password, ends every session of the user, and cannot be used again', async () => {
      const user = await addUser('member');
      const session = await sessionOf(user.email, user.password);
      const token = tokenOf((await owner.post<Issued>(`/api/v1/users/${user.id}/password-reset`)).body);
      const used = await t.app.inject({ method: 'POST', url: '/api/v1/password-reset', payload: { token, newPassword: 'reset password 123' } });
      expect(used.statusCode, used.body).toBe(200);
      expect(await meStatus(session)).toBe(401);
      expect((await login(user.email, 'reset password 123')).statusCode).toBe(200);
      expect((await login(user.email, user.password)).statusCode).toBe(401);
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/password-reset', payload: { token, newPassword: 'another password 123' } });
      expect(again.statusCode).toBe(400);
      expect(again.json<Problem>().errors?.map((e) => e.path)).toEqual(['token']);
      expect((await login(user.email, 'another password 123')).statusCode).toBe(401);
    });

    it('expires after 24 hours, and a newer link replaces an older one', async () => {
      const user = await addUser('member');
      const older = tokenOf((await owner.post<Issued>(`/api/v1/users/${user.id}/password-reset`)).body);
      const newer = tokenOf((await owner.post<Issued>(`/api/v1/users/${user.id}/password-reset`)).body);
      const use = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-reset', payload: { token, newPassword: 'reset password 123' } });
      expect((await use(older)).statusCode).toBe(400);
      t.clock.advance(24 * 3_600_000 + 1);
      expect((await use(newer)).statusCode).toBe(400);
      expect((await login(user.email, user.password)).statusCode).toBe(200);
      const fresh = tokenOf((await owner.post<Issued>(`/api/v1/users/${user.id}/password-reset`)).body);
      t.clock.advance(24 * 3_600_000 - 60_000);
      expect((await use(fresh)).statusCode).toBe(200);
    });

    it('refuses a made-up or missing token with 400 naming the token, and a short password naming newPassword', async () => {
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/password-reset', payload: { token: 'made-up', newPassword: 'reset password 123' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<Problem>().errors?.map((e) => e.path)).toEqual(['token']);
      const short = await t.app.inject({ method: 'POST', url: '/api/v1/password-reset', payload: { token: 'made-up', newPassword: 'short' } });
      expect(short.json<Problem>().errors?.map((e) => e.path)).toEqual(['newPassword']);
    });
  });

  describe('deactivating a leaver', () => {
    it('ends sessions, revokes tokens and the iCal feed, hands over contacts and open follow-ups, and refuses login like a wrong password', async () => {
      const leaver = await addUser('member', 'leaver');
      const heir = await addUser('member', 'heir');
      const session = await sessionOf(leaver.email, leaver.password);
      const token = (await asSession<{ token: string }>(session, 'POST', '/api/v1/tokens', { name: 'laptop' })).body.token;
      const feed = (await asSession<{ icalUrl: string }>(session, 'POST', '/api/v1/me/ical-secret')).body.icalUrl;
      const feedPath = new URL(feed).pathname;
      expect((await t.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);
      const contact = (await asSession<{ id: string }>(session, 'POST', '/api/v1/contacts', { name: 'Ada Client', ownerId: leaver.id })).body;
      const followUp = await asSession<{ followUp?: { id: string }; id?: string }>(session, 'POST', '/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-10T10:00' }, channel: 'call' });
      expect(followUp.status).toBe(201);
      const bearer = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

      const member = await sessionOf(heir.email, heir.password);
      expect((await asSession(member, 'POST', `/api/v1/users/${leaver.id}/deactivate`, { reassignTo: heir.id })).status).toBe(403);
      const self = await owner.post<Problem>(`/api/v1/users/${ownerId}/deactivate`, { reassignTo: heir.id });
      expect(self.status).toBe(409);
      const toThemselves = await owner.post<Problem>(`/api/v1/users/${leaver.id}/deactivate`, { reassignTo: leaver.id });
      expect(toThemselves.status).toBe(400);
      expect(toThemselves.body.errors?.map((e) => e.path)).toEqual(['reassignTo']);
      const toStranger = await owner.post<Problem>(`/api/v1/users/${leaver.id}/deactivate`, { reassignTo: 'nobody' });
      expect(toStranger.body.errors?.map((e) => e.path)).toEqual(['reassignTo']);

      const done = await owner.post<{ contacts: number; followUps: number; active: boolean }>(`/api/v1/users/${leaver.id}/deactivate`, { reassignTo: heir.id });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ contacts: 1, followUps: 1, active: false });

      expect(await meStatus(session)).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
      const wrong = await login(leaver.email, 'not the password at all');
      const refused = await login(leaver.email, leaver.password);
      expect(refused.statusCode).toBe(401);
      expect(refused.json<{ detail: string }>().detail).toBe(wrong.json<{ detail: string }>().detail);

      const contactRow = await t.store.db.selectFrom('contacts').select('owner_id').where('id', '=', contact.id).executeTakeFirstOrThrow();
      expect(contactRow.owner_id).toBe(heir.id);
      const open = await t.store.db.selectFrom('follow_ups').select('user_id').where('contact_id', '=', contact.id).where('status', '=', 'open').execute();
      expect(open.map((f) => f.user_id)).toEqual([heir.id]);
      expect(await t.store.db.selectFrom('api_tokens').select('id').where('user_id', '=', leaver.id).execute()).toEqual([]);

      const users = (await owner.get<{ items: Array<{ id: string; active: boolean }> }>('/api/v1/users')).body.items;
      expect(users.find((u) => u.id === leaver.id)?.active).toBe(false);
      expect(users.find((u) => u.id === heir.id)?.active).toBe(true);
      // A deactivated user gets no reset link either.
      expect((await owner.post(`/api/v1/users/${leaver.id}/password-reset`)).status).toBe(404);
    });

    it('never deactivates the last owner: an admin cannot touch an owner, and two owners racing leave one', async () => {
      const admin = await addUser('admin');
      const adminSession = await sessionOf(admin.email, admin.password);
      expect((await asSession(adminSession, 'POST', `/api/v1/users/${ownerId}/deactivate`, { reassignTo: admin.id })).status).toBe(403);

      // A workspace of two owners, each about to deactivate the other: the second to commit finds the last owner.
      const ws = await owner.post<{ workspace: { id: string } }>('/api/v1/workspaces', { name: 'Race', timeZone: 'UTC' });
      const first = await storeAccounts.findUserById(t.store.db, ownerId);
      const secondUser = await addUser('member', 'second');
      await storeAccounts.addMembership(t.store.db, ws.body.workspace.id, secondUser.id, 'owner', '2026-03-02T15:00:00.000Z');
      const workspace = await storeAccounts.findWorkspace(t.store.db, ws.body.workspace.id);
      const second = await storeAccounts.findUserById(t.store.db, secondUser.id);
      if (!first || !second || !workspace) throw new Error('setup failed');
      await deactivateUser(t.deps, { user: first, workspace, role: 'owner' }, second.id, first.id);
      await expect(deactivateUser(t.deps, { user: second, workspace, role: 'owner' }, first.id, second.id)).rejects.toMatchObject({ code: 'conflict' });
      expect((await login(OWNER.email, OWNER.password)).statusCode).toBe(200);
    });
  });

  describe('the audit log', () => {
    it('records password changes, resets issued and used, and deactivations with actor, target and time; owners only', async () => {
      const items = await owner.get<{ items: AuditItem[] }>('/api/v1/audit');
      expect(items.status).toBe(200);
      const actions = new Set(items.body.items.map((i) => i.action));
      expect([...actions].sort()).toEqual(['password-changed', 'password-reset-issued', 'password-reset-used', 'user-deactivated']);
      const deactivated = items.body.items.find((i) => i.action === 'user-deactivated');
      expect(deactivated?.actor).toMatchObject({ id: ownerId, email: OWNER.email });
      expect(deactivated?.target.email).toMatch(/^leaver-/);
      expect(deactivated?.at).toMatch(/Z$/);
      const issuedByOwner = items.body.items.find((i) => i.action === 'password-reset-issued' && i.actor?.id === ownerId);
      expect(issuedByOwner).toBeDefined();
      expect(JSON.stringify(items.body)).not.toMatch(/\/reset\//);

      const member = await addUser('member');
      const memberSession = await sessionOf(member.email, member.password);
      expect((await asSession(memberSession, 'GET', '/api/v1/audit')).status).toBe(403);
      const admin = await addUser('admin');
      expect((await asSession(await sessionOf(admin.email, admin.password), 'GET', '/api/v1/audit')).status).toBe(403);
    });
  });
});

describe.each(testDialects())('issue 12 finding 9: reset links are mailed when a mailbox exists (%s)', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect, { serverSmtpUrl: 'smtp://127.0.0.1:1' });
    owner = (await setUpOwner(t.app, { email: OWNER.email })).api;
  });
  afterAll(async () => { await t?.close(); });

  it('queues the link to the user through the outbox, returns no link, and lists the mail to no one', async () => {
    const created = await owner.post<{ id: string }>('/api/v1/users', { email: 'sam@example.com', password: 'sam password 123', name: 'Sam', role: 'member' });
    const issued = await owner.post<Issued>(`/api/v1/users/${created.body.id}/password-reset`);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ mailed: true, resetUrl: null, email: 'sam@example.com' });
    const rows = await t.store.db.selectFrom('outbox').select(['kind', 'to', 'text', 'status']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'password-reset', to: 'sam@example.com', status: 'queued' });
    expect(rows[0]?.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/reset\/[A-Za-z0-9_-]{40,}/);
    const listed = await owner.get<{ items: unknown[] }>('/api/v1/outbox');
    expect(JSON.stringify(listed.body)).not.toContain('/reset/');
  });
});
