import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { startBackgroundJobs, type BackgroundJobs } from '../../src/jobs/startWorker.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startDovecot, type TestImapServer } from '../helpers/dovecot.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { waitUntil } from '../helpers/wait.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from './support.js';

/**
 * The jobs `serve` and `followthrough worker` run, configured only through the API's mail settings
 * (no SMTP_URL): the step goes out through the stored mailbox, the reply comes back over its IMAP.
 */
describe.each(testDialects())('background jobs from stored mail settings on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let jobs: BackgroundJobs | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    [{ t, api, workspaceId }, smtp, imap] = await Promise.all([
      startTestAppWithOwner(dialect), startSmtpServer({ auth: { user: 'olivia', pass: 'smtp secret 1' } }), startDovecot(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await jobs?.stop();
    await closeAll(t, smtp, imap);
  });

  it('sends a step through the user\'s mailbox and stops the series when the reply arrives over its IMAP', async () => {
    const saved = await api.put('/api/v1/mail-settings/me', {
      fromAddress: 'owner@example.com', fromName: 'Olivia Owner',
      smtp: { host: '127.0.0.1', port: Number(new URL(smtp.url).port), security: 'none', user: 'olivia', password: 'smtp secret 1' },
      imap: { host: imap.host, port: imap.port, security: 'none', user: imap.user, password: imap.pass },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const playbookId = await createEmailPlaybook(api);
    const { contactId, enrollmentId, email } = await enrolledContact(api, playbookId);
    const [first] = await outboxOf(t, workspaceId, contactId);
    t.clock.set(first!.dueAt);

    const config: Config = { ...loadConfig({}), smtpUrl: undefined, workerPollMs: 50 };
    jobs = startBackgroundJobs(config, t.deps, (event, detail) => logs.push(JSON.stringify({ event, ...detail })));
    await smtp.waitFor(1, 20_000);
    expect(smtp.messages[0]!.messageId).toBe(first!.messageId);

    await imap.append([
      `From: Pat <${email}>`, 'To: Olivia Owner <owner@example.com>', 'Subject: Re: Your month-end close', `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomUUID()}@mail.example.com>`, `In-Reply-To: ${first!.messageId}`, `References: ${first!.messageId}`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Yes, let us talk on Thursday.', '',
    ].join('\r\n'));
    const took = await waitUntil('the enrollment to exit replied', async () => {
      const enrollment = await api.get<{ state: string; exitReason: string | null }>(`/api/v1/enrollments/${enrollmentId}`);
      return enrollment.body.state === 'exited' && enrollment.body.exitReason === 'replied';
    }, 60_000);
    expect(took).toBeLessThan(60_000);
    expect(logs.some((l) => l.includes('replies.watching'))).toBe(true);
    for (const secret of ['smtp secret 1', imap.pass]) expect(logs.filter((l) => l.includes(secret))).toEqual([]);
  }, 90_000);
});
