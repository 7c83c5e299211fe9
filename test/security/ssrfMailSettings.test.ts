import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { ReplyWatcher } from '../../src/jobs/replyWatcher.js';
import type { ResolveHost } from '../../src/services/deps.js';
import { systemResolver } from '../../src/services/outboundTargets.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from '../mail/support.js';

const BANNER = 'SSH-2.0-OpenSSH_9.6';
const PRIVATE_WORDS = /^this mail server is on a private network address .*ALLOW_PRIVATE_TARGETS=true$/;

/** Not a mail server: a TCP service on loopback that greets like sshd, and counts who connected. */
interface BannerServer {
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function startBannerServer(): Promise<BannerServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    socket.write(`${BANNER}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() { return state.connections; },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port nothing listens on (a server opened and closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const mailbox = (smtp: Record<string, unknown>, imap: Record<string, unknown> | null = null) => ({
  fromAddress: 'owner@example.com', fromName: 'Olivia Owner',
  smtp: { port: 587, security: 'none', user: null, ...smtp }, imap, hourlyCap: 20, dailyCap: 200,
});

/** Nothing the other side said, nor the system's account of the connection, in anything we answer. */
/** Enrols a contact in an email playbook and runs the outbox worker once when its first step is due. */
async function sendFirstStep(t: TestApp, api: ApiClient, workspaceId: string, expected: Record<string, number>) {
  const playbookId = await createEmailPlaybook(api);
  t.clock.set('2026-03-02T17:00:00Z');
  const { contactId } = await enrolledContact(api, playbookId);
  const [step] = await outboxOf(t, workspaceId, contactId);
  t.clock.set(step!.dueAt);
  const worker = new OutboxWorker({ deps: t.deps });
  expect(await worker.runOnce()).toMatchObject(expected);
  await worker.stop();
  return step!;
}

function expectNoEcho(body: unknown, port: number): void {
  const text = JSON.stringify(body);
  for (const leak of ['SSH', 'OpenSSH', 'ECONNREFUSED', 'ESOCKET', 'EPROTOCOL', 'Invalid greeting', String(port)]) expect(text, leak).not.toContain(leak);
}

describe.each(testDialects())('issue 12 finding 1: SSRF through mail settings (%s)', (dialect) => {
  let banner: BannerServer;

  beforeAll(async () => { banner = await startBannerServer(); });
  afterAll(() => closeAll(banner));

  describe('a server without ALLOW_PRIVATE_TARGETS (the production default)', () => {
    let t: TestApp;
    let api: ApiClient;
    let workspaceId: string;
    let userId: string;
    /** Names this suite controls; anything else (localhost) goes to the system resolver. */
    const dns = new Map<string, string[]>();
    const resolveHost: ResolveHost = async (host) => dns.get(host) ?? systemResolver(host);

    beforeAll(async () => {
      ({ t, api, workspaceId, userId } = await startTestAppWithOwner(dialect, { allowPrivateTargets: false, resolveHost }));
    });
    afterAll(() => closeAll(t));

    const storedSettings = () => t.store.db.selectFrom('mail_settings').selectAll().execute();

    it.each([
      '127.0.0.1', '127.1', '2130706433', '0177.0.0.1', '0x7f000001', '0x7f.1', 'localhost', '10.0.0.8', '172.16.4.2', '192.168.1.10',
      '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
    ])('refuses to save %s as the SMTP server: 400 naming smtp.host, nothing stored', async (host) => {
      const before = await storedSettings();
      const refused = await api.put('/api/v1/mail-settings/me', mailbox({ host, port: banner.port }));
      const problem = expectProblem(refused, 400);
      expect(problemPaths(problem)).toEqual(['smtp.host']);
      expect(problem.errors?.[0]?.message).toMatch(PRIVATE_WORDS);
      expect(problem.detail).toMatch(/^smtp\.host: this mail server is on a private network address/);
      expect(await storedSettings()).toEqual(before);
      expect(banner.connections).toBe(0);
    });

    it('names the IMAP server when it is the private one, and the workspace mailbox is held to the same rule', async () => {
      dns.set('mail.public.example', ['93.184.216.34']);
      const imap = { host: '169.254.169.254', port: 993, security: 'tls', user: 'olivia', password: 'imap password 1' };
      const refused = await api.put('/api/v1/mail-settings/me', mailbox({ host: 'mail.public.example' }, imap));
      expect(problemPaths(expectProblem(refused, 400))).toEqual(['imap.host']);
      const workspace = await api.put('/api/v1/mail-settings/workspace', mailbox({ host: 'localhost', port: 25 }));
      expect(problemPaths(expectProblem(workspace, 400))).toEqual(['smtp.host']);
      expect(await storedSettings()).toEqual([]);
    });

    it('a name that was public when saved and private when used (DNS rebinding) is not connected to: test mail, outbox, IMAP', async () => {
      dns.set('mail.rebind.example', ['93.184.216.34']);
      dns.set('imap.rebind.example', ['2606:2800:220:1::1']);
      const imap = { host: 'imap.rebind.example', port: banner.port, security: 'none', user: 'olivia', password: 'imap password 1' };
      const saved = await api.put('/api/v1/mail-settings/me', mailbox({ host: 'mail.rebind.example', port: banner.port }, imap));
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);

      // Now the same names answer with loopback, where something does listen on that port.
      dns.set('mail.rebind.example', ['127.0.0.1']);
      dns.set('imap.rebind.example', ['93.184.216.34', '::1']);

      const tested = await api.post('/api/v1/mail-settings/me/test', {});
      const problem = expectProblem(tested, 502);
      expect(problemPaths(problem)).toEqual(['smtp.host']);
      expect(problem.errors?.[0]?.message).toMatch(PRIVATE_WORDS);
      expectNoEcho(tested.body, banner.port);

      const step = await sendFirstStep(t, api, workspaceId, { claimed: 1, sent: 0 });
      const after = await findOutboxMessage(t.store.db, step.id);
      expect(after).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/^mailbox unusable: this mail server is on a private network address/) });

      const watcher = new ReplyWatcher({
        deps: t.deps, workspaceId, userId, mailboxKey: 'rebind', imap: { host: 'imap.rebind.example', port: banner.port, secure: false, user: 'olivia', pass: 'imap password 1' },
      });
      await expect(watcher.syncOnce()).rejects.toThrow(/private network address/);

      expect(banner.connections).toBe(0);
    });
  });

  describe('a server with ALLOW_PRIVATE_TARGETS=true: the connection is made, and what answers is not echoed', () => {
    let t: TestApp;
    let api: ApiClient;
    let workspaceId: string;

    beforeAll(async () => {
      ({ t, api, workspaceId } = await startTestAppWithOwner(dialect, { allowPrivateTargets: true }));
    });
    afterAll(() => closeAll(t));

    async function testMailTo(smtp: Record<string, unknown>): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> {
      const saved = await api.put('/api/v1/mail-settings/me', mailbox(smtp));
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      return api.post('/api/v1/mail-settings/me/test', {});
    }

    it('an SSH server behind the mailbox: "did not answer as a mail server", and not a word of its banner', async () => {
      const before = banner.connections;
      const tested = await testMailTo({ host: '127.0.0.1', port: banner.port });
      const problem = expectProblem(tested, 502);
      expect(banner.connections).toBe(before + 1);
      expect(problemPaths(problem)).toEqual(['smtp']);
      expect(problem.detail).toMatch(/did not answer as a mail server/);
      expectNoEcho(tested.body, banner.port);
    });

    it('TLS to it: "the secure connection (TLS) … failed", nothing more', async () => {
      const tested = await testMailTo({ host: '127.0.0.1', port: banner.port, security: 'tls' });
      expect(expectProblem(tested, 502).detail).toMatch(/secure connection \(TLS\) to the mail server failed/);
      expectNoEcho(tested.body, banner.port);
    });

    it('a closed port: "could not connect", without ECONNREFUSED or the address and port', async () => {
      const port = await closedPort();
      const tested = await testMailTo({ host: '127.0.0.1', port });
      expect(expectProblem(tested, 502).detail).toMatch(/could not connect to the mail server/);
      expectNoEcho(tested.body, port);
    });

    it('the outbox records the same words: the banner is not on the Outbox page either', async () => {
      const saved = await api.put('/api/v1/mail-settings/me', mailbox({ host: '127.0.0.1', port: banner.port }));
      expect(saved.status).toBe(200);
      const step = await sendFirstStep(t, api, workspaceId, { claimed: 1, retried: 1 });
      expect(await findOutboxMessage(t.store.db, step.id)).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/did not answer as a mail server/) });
      const listed = await api.get('/api/v1/outbox');
      expect(listed.status).toBe(200);
      expectNoEcho(listed.body, banner.port);
    });
  });
});
