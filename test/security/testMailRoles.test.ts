import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from '../mail/support.js';

const PASSWORD = 'correct horse battery';
const OWNER_EMAIL = 'owner@example.com';

describe.each(testDialects())('issue 12 finding 2: a member sends mail through the workspace mailbox (%s)', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let workspaceId: string;
  let mailbox: TestSmtpServer;
  let relay: TestSmtpServer;
  const users = new Map<string, ApiClient>();

  /** A colleague in the owner's workspace, with a client acting as them (a token made in their own session). */
  async function colleague(role: 'admin' | 'member'): Promise<ApiClient> {
    const known = users.get(role);
    if (known) return known;
    const email = `${role}@example.com`;
    const created = await owner.post('/api/v1/users', { email, password: PASSWORD, name: `${role} colleague`, role });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
    const csrf = (me.json() as { csrfToken?: string }).csrfToken ?? '';
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': csrf }, payload: { name: 'tests' } });
    const api = client(t.app, (token.json() as { token: string }).token);
    users.set(role, api);
    return api;
  }

  const sent = () => [...mailbox.messages, ...relay.messages];

  beforeAll(async () => {
    [mailbox, relay] = await Promise.all([startSmtpServer(), startSmtpServer()]);
    ({ t, api: owner, workspaceId } = await startTestAppWithOwner(dialect, { owner: { email: OWNER_EMAIL }, serverSmtpUrl: relay.url }));
    const saved = await owner.put('/api/v1/mail-settings/workspace', {
      fromAddress: 'sales@acme.example', fromName: 'Acme Sales',
      smtp: { host: '127.0.0.1', port: Number(new URL(mailbox.url).port), security: 'none' }, hourlyCap: 3, dailyCap: 50,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
  afterAll(() => closeAll(t, mailbox, relay));

  it.each(['workspace', 'server'])('a member may not send test mail through the %s mailbox: 403 saying who can, nothing sent', async (scope) => {
    const member = await colleague('member');
    for (const body of [{}, { to: 'member@example.com' }, { to: 'anyone@elsewhere.example' }]) {
      const refused = await member.post(`/api/v1/mail-settings/${scope}/test`, body);
      expect(expectProblem(refused, 403).detail).toMatch(/only an owner or admin can send test mail through/);
    }
    expect(sent()).toEqual([]);
  });

  it('test mail goes only to the caller\'s own address: another `to` is 400 naming it, and nothing is sent', async () => {
    for (const scope of ['workspace', 'server']) {
      const refused = await owner.post(`/api/v1/mail-settings/${scope}/test`, { to: 'victim@elsewhere.example' });
      const problem = expectProblem(refused, 400);
      expect(problemPaths(problem)).toEqual(['to']);
      expect(problem.detail).toMatch(/test mail goes only to your own address \(owner@example\.com\)/);
    }
    expect(sent()).toEqual([]);
  });

  it('the owner\'s test mail goes to the owner, through the mailbox asked for, and says only the reply code', async () => {
    const viaWorkspace = await owner.post('/api/v1/mail-settings/workspace/test', { to: 'Owner@Example.com' });
    expect(viaWorkspace.status, JSON.stringify(viaWorkspace.body)).toBe(200);
    expect(viaWorkspace.body).toEqual({ sent: true, to: OWNER_EMAIL, response: '250 accepted', via: 'workspace' });
    const viaServer = await owner.post('/api/v1/mail-settings/server/test', {});
    expect(viaServer.body).toMatchObject({ sent: true, to: OWNER_EMAIL, via: 'server' });
    await mailbox.waitFor(1);
    await relay.waitFor(1);
    expect(sent().map((m) => m.to)).toEqual([[OWNER_EMAIL], [OWNER_EMAIL]]);
  });

  it('an admin may test the workspace mailbox, to their own address', async () => {
    const admin = await colleague('admin');
    const tested = await admin.post('/api/v1/mail-settings/workspace/test', {});
    expect(tested.body).toMatchObject({ sent: true, to: 'admin@example.com', via: 'workspace' });
    await mailbox.waitFor(2);
  });

  it('counts against the mailbox\'s caps: past the hourly cap it is 429, and the outbox waits for the room test mail used', async () => {
    // Two test mails so far through the workspace mailbox (cap 3 an hour): one more fits.
    expect((await owner.post('/api/v1/mail-settings/workspace/test', {})).status).toBe(200);
    const full = await owner.post('/api/v1/mail-settings/workspace/test', {});
    expect(expectProblem(full, 429).detail).toMatch(/caps allow \(3 an hour, 50 a day; test mail counts too\); try again after 2026-03-02T16:00:01\.000Z/);
    expect(mailbox.messages).toHaveLength(3);

    // A playbook step through the same mailbox, due now (15:00 in London, within her hours), waits for the hour to have room.
    const playbookId = await createEmailPlaybook(owner);
    const { contactId } = await enrolledContact(owner, playbookId, { timeZone: 'Europe/London' });
    const [step] = await outboxOf(t, workspaceId, contactId);
    expect(step!.dueAt).toBe('2026-03-02T15:00:00.000Z');
    const worker = new OutboxWorker({ deps: t.deps });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    await worker.stop();
    expect(await findOutboxMessage(t.store.db, step!.id)).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/hourly cap of 3 was reached/) });
    expect(mailbox.messages).toHaveLength(3);

    // Three through the workspace mailbox and one through the server's relay, each recorded as sent to the one who asked.
    const recorded = await t.store.db.selectFrom('outbox').select(['status', 'to', 'mailbox']).where('kind', '=', 'test').execute();
    expect(recorded.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(recorded.filter((r) => r.mailbox?.startsWith('settings:'))).toHaveLength(3);
    expect(new Set(recorded.map((r) => r.to))).toEqual(new Set([OWNER_EMAIL, 'admin@example.com']));
  });
});
