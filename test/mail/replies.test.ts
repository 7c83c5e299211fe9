import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import { ReplyWatcher, type ReplyWatcherOptions } from '../../src/jobs/replyWatcher.js';
import { findOutboxMessage, type OutboxMessage } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startDovecot, type TestImapServer } from '../helpers/dovecot.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { waitUntil } from '../helpers/wait.js';
import { createEmailPlaybook, enrolledContact, outboxOf, smtpWorker } from './support.js';

const MINUTE = 60_000;

interface LogLine {
  event: string;
  detail: Record<string, unknown>;
}

interface TimelineItem {
  channel: string;
  direction: string;
  result: string | null;
  notes: string | null;
}

/** A message as the contact's mail client would write it; `headers` may drop or add any header. */
function rawMail(headers: Record<string, string | null>, body = 'Thanks, this is timely.\nCan we talk on Thursday?\n\nPat'): string {
  const all: Record<string, string | null> = {
    From: null, To: 'Olivia Owner <owner@example.com>', Subject: 'Re: Your month-end close',
    Date: new Date().toUTCString(), 'Message-ID': `<${randomUUID()}@mail.example.com>`, 'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8', ...headers,
  };
  const lines = Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describe.each(testDialects())('replies read over IMAP on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let userId: string;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let playbookId: string;
  let worker: OutboxWorker;
  const logs: LogLine[] = [];
  const watchers: ReplyWatcher[] = [];

  const watcher = (overrides: Partial<ReplyWatcherOptions> = {}): ReplyWatcher => {
    const created = new ReplyWatcher({
      deps: t.deps, workspaceId, userId, mailboxKey: `${imap.user}@${imap.host}:${imap.port}`,
      imap: { host: imap.host, port: imap.port, secure: false, user: imap.user, pass: imap.pass },
      log: (event, detail) => logs.push({ event, detail }),
      ...overrides,
    });
    watchers.push(created);
    return created;
  };

  /** Enrols a contact and lets the worker send the series' first email over SMTP. */
  const contactWithFirstEmail = async (): Promise<{ contactId: string; enrollmentId: string; email: string; first: OutboxMessage; second: () => Promise<OutboxMessage> }> => {
    const enrolled = await enrolledContact(api, playbookId);
    const [first] = await outboxOf(t, workspaceId, enrolled.contactId);
    t.clock.set(first!.dueAt);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.messageId)).toContain(first!.messageId);
    const second = async (): Promise<OutboxMessage> => (await outboxOf(t, workspaceId, enrolled.contactId)).find((r) => r.id !== first!.id)!;
    return { ...enrolled, first: first!, second };
  };

  const enrollment = async (id: string): Promise<{ state: string; exitReason: string | null }> => (await api.get<{ state: string; exitReason: string | null }>(`/api/v1/enrollments/${id}`)).body;
  const timeline = async (contactId: string): Promise<TimelineItem[]> => (await api.get<{ items: TimelineItem[] }>(`/api/v1/contacts/${contactId}/timeline`)).body.items;
  const interactionCount = async (): Promise<number> => Number((await t.store.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    [{ t, api, workspaceId, userId }, smtp, imap] = await Promise.all([startTestAppWithOwner(dialect), startSmtpServer(), startDovecot()]);
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.stop()));
    await closeAll(t, smtp, imap);
  });
  beforeEach(() => {
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 in Los Angeles
    worker = smtpWorker(t, smtp, { leaseMs: 5 * MINUTE });
  });

  it('a reply arriving while the watcher IDLEs exits the enrollment as replied within 60 s; the second email is never sent', async () => {
    const pat = await contactWithFirstEmail();
    const replies = watcher({ pollMs: 10 * MINUTE }); // IDLE, not a poll, has to bring the news
    replies.start();
    await waitUntil('the watcher to connect', async () => logs.some((l) => l.event === 'replies.connected' && l.detail.idle === true), 15_000);
    await waitUntil('the first (empty) pass', async () => (await t.store.db.selectFrom('reply_mailboxes').select('last_uid').executeTakeFirst()) !== undefined, 15_000);

    await imap.append(rawMail({ From: `Pat Prospect <${pat.email}>`, 'In-Reply-To': pat.first.messageId, References: pat.first.messageId }));
    const tookMs = await waitUntil('the enrollment to exit', async () => (await enrollment(pat.enrollmentId)).state === 'exited', 60_000);
    expect(tookMs).toBeLessThan(60_000);
    await replies.stop();

    expect(await enrollment(pat.enrollmentId)).toMatchObject({ state: 'exited', exitReason: 'replied' });
    const inbound = (await timeline(pat.contactId)).filter((i) => i.direction === 'in');
    expect(inbound).toEqual([expect.objectContaining({ channel: 'email', result: 'replied', notes: expect.stringContaining('Can we talk on Thursday?') })]);

    // The second email's turn comes and goes: it is skipped, never sent.
    const second = await pat.second();
    const sentBefore = smtp.messages.length;
    t.clock.set(second.dueAt);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    expect(smtp.messages.length).toBe(sentBefore);
    expect((await findOutboxMessage(t.store.db, second.id))!.status).toBe('skipped');
  }, 90_000);

  it('an out-of-office reply is logged but does not stop the series', async () => {
    const sam = await contactWithFirstEmail();
    await imap.append(rawMail({
      From: `Sam <${sam.email}>`, Subject: 'Automatic reply: Your month-end close', 'Auto-Submitted': 'auto-replied',
      'In-Reply-To': sam.first.messageId,
    }, 'I am out of the office until Monday with limited access to email.'));
    // Some autoresponders say so only in the subject.
    await imap.append(rawMail({ From: `Sam <${sam.email}>`, Subject: 'Out of Office: Your month-end close', 'In-Reply-To': sam.first.messageId }, 'Back on Monday.'));

    const report = await watcher().syncOnce();
    expect(report).toMatchObject({ fetched: 2, replies: 0, autoReplies: 2, unmatched: 0, duplicates: 0 });
    expect(await enrollment(sam.enrollmentId)).toMatchObject({ state: 'active' });
    const inbound = (await timeline(sam.contactId)).filter((i) => i.direction === 'in');
    expect(inbound).toHaveLength(2);
    for (const item of inbound) expect(item).toMatchObject({ channel: 'email', result: null, notes: expect.stringMatching(/^Auto-reply: /) });
    expect((await sam.second()).status).toBe('queued');
  });

  /** What a relay sends back when it took the message with 250 but could not deliver it (RFC 3464). */
  const deliveryReport = (recipient: string, originalMessageId: string, action: 'failed' | 'delayed'): string => [
    'From: Mail Delivery System <MAILER-DAEMON@relay.example>', 'To: owner@example.com', 'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`, `Message-ID: <${randomUUID()}@relay.example>`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain', '', 'I could not deliver your message.', '',
    '--b1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example', '',
    `Final-Recipient: rfc822; ${recipient}`, `Action: ${action}`, `Status: ${action === 'failed' ? '5.1.1' : '4.4.1'}`,
    `Diagnostic-Code: smtp; ${action === 'failed' ? '550 5.1.1 user unknown' : '451 4.4.1 try again later'}`, '',
    '--b1', 'Content-Type: text/rfc822-headers', '', 'From: Olivia Owner <owner@example.com>', `To: ${recipient}`, `Message-ID: ${originalMessageId}`,
    'Subject: Your month-end close', '', '--b1--', '',
  ].join('\r\n');

  it('a delivery report (bounce after 250) marks the send bounced and the contact do-not-contact; a delay does not', async () => {
    const lee = await contactWithFirstEmail();
    await imap.append(deliveryReport(lee.email, lee.first.messageId, 'delayed'));
    expect(await watcher().syncOnce()).toMatchObject({ fetched: 1, bounces: 0, replies: 0 });
    expect(await enrollment(lee.enrollmentId)).toMatchObject({ state: 'active' });

    await imap.append(deliveryReport(lee.email, lee.first.messageId, 'failed'));
    expect(await watcher().syncOnce()).toMatchObject({ fetched: 1, bounces: 1, replies: 0 });
    expect((await findOutboxMessage(t.store.db, lee.first.id))!).toMatchObject({ status: 'bounced', lastError: expect.stringContaining('550 5.1.1 user unknown') });
    const contact = await api.get<{ doNotContact: boolean; doNotContactReason: string }>(`/api/v1/contacts/${lee.contactId}`);
    expect(contact.body).toMatchObject({ doNotContact: true, doNotContactReason: 'bounced' });
    expect((await enrollment(lee.enrollmentId)).state).toBe('exited');
    const second = await lee.second();
    t.clock.set(second.dueAt);
    await worker.runOnce();
    expect((await findOutboxMessage(t.store.db, second.id))!.status).toBe('skipped');

    // A report about mail we never sent changes nothing.
    const other = await contactWithFirstEmail();
    await imap.append(deliveryReport(other.email, '<not-ours@elsewhere.example>', 'failed'));
    expect(await watcher().syncOnce()).toMatchObject({ fetched: 1, bounces: 0, unmatched: 1 });
    expect(await enrollment(other.enrollmentId)).toMatchObject({ state: 'active' });
  });

  it('matches a reply without threading headers by its sender (any case); mail from strangers is ignored', async () => {
    const kim = await contactWithFirstEmail();
    const before = await interactionCount();
    await imap.append(rawMail({ From: `Kim <${kim.email.toUpperCase()}>`, Subject: 'A question about pricing' }));
    await imap.append(rawMail({ From: 'Someone Else <stranger@elsewhere.example>', Subject: 'Hello' }));
    // No Message-ID at all: recognised by a hash of the message instead.
    await imap.append(rawMail({ From: 'No Id <noid@elsewhere.example>', Subject: 'No id', 'Message-ID': null }));

    const report = await watcher().syncOnce();
    expect(report).toMatchObject({ fetched: 3, replies: 1, autoReplies: 0, unmatched: 2, duplicates: 0 });
    expect(await enrollment(kim.enrollmentId)).toMatchObject({ state: 'exited', exitReason: 'replied' });
    expect(await interactionCount()).toBe(before + 1);
    expect(await watcher().syncOnce()).toMatchObject({ fetched: 0 });
  });

  it('a UIDVALIDITY change rereads the mailbox but handles nothing twice', async () => {
    const interactionsBefore = await interactionCount();
    const handled = Number((await t.store.db.selectFrom('reply_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(handled).toBeGreaterThanOrEqual(6);
    const oldValidity = await imap.uidValidity();

    await imap.changeUidValidity();
    const report = await watcher().syncOnce();
    expect(report).toEqual({ fetched: handled, replies: 0, autoReplies: 0, bounces: 0, unmatched: 0, duplicates: handled });
    expect(await interactionCount()).toBe(interactionsBefore);
    expect(logs).toContainEqual({ event: 'replies.resync', detail: expect.objectContaining({ previousUidValidity: oldValidity, uidValidity: await imap.uidValidity() }) });
    const cursor = await t.store.db.selectFrom('reply_mailboxes').selectAll().executeTakeFirstOrThrow();
    expect(cursor.uid_validity).toBe(await imap.uidValidity());

    // New mail after the change is read as usual, and only it.
    const lee = await contactWithFirstEmail();
    await imap.append(rawMail({ From: lee.email, 'In-Reply-To': lee.first.messageId }));
    expect(await watcher().syncOnce()).toEqual({ fetched: 1, replies: 1, autoReplies: 0, bounces: 0, unmatched: 0, duplicates: 0 });
    expect(await enrollment(lee.enrollmentId)).toMatchObject({ state: 'exited', exitReason: 'replied' });
  });

  it('a running watcher reconnects after the server restarts under a new UIDVALIDITY and handles only the new mail', async () => {
    const replies = watcher({ pollMs: 10 * MINUTE });
    replies.start();
    const connections = (): number => logs.filter((l) => l.event === 'replies.connected').length;
    const connected = connections();
    await waitUntil('the watcher to connect', async () => connections() > connected, 15_000);
    const resyncs = logs.filter((l) => l.event === 'replies.resync').length;
    const before = await interactionCount();

    await imap.changeUidValidity();
    const rob = await contactWithFirstEmail();
    await imap.append(rawMail({ From: rob.email, 'In-Reply-To': rob.first.messageId }));
    await waitUntil('the enrollment to exit', async () => (await enrollment(rob.enrollmentId)).state === 'exited', 30_000);
    await replies.stop();
    expect(logs.filter((l) => l.event === 'replies.resync').length).toBe(resyncs + 1);
    expect(await interactionCount()).toBe(before + 2); // the first email out, the reply in: nothing older again
  }, 60_000);

  it('two watchers reading the same mailbox at once log a reply once', async () => {
    const max = await contactWithFirstEmail();
    await imap.append(rawMail({ From: max.email, 'In-Reply-To': max.first.messageId }));
    const before = await interactionCount();
    const reports = await Promise.all([watcher().syncOnce(), watcher().syncOnce()]);
    expect(reports.reduce((sum, r) => sum + r.replies, 0)).toBe(1);
    expect(reports.reduce((sum, r) => sum + r.replies + r.duplicates, 0)).toBe(reports.reduce((sum, r) => sum + r.fetched, 0));
    expect(await interactionCount()).toBe(before + 1);
    expect(await enrollment(max.enrollmentId)).toMatchObject({ state: 'exited', exitReason: 'replied' });
  });

  it('polls when IDLE is turned off', async () => {
    const replies = watcher({ useIdle: false, pollMs: 300 });
    replies.start();
    await waitUntil('the watcher to connect', async () => logs.some((l) => l.event === 'replies.connected' && l.detail.idle === false), 15_000);
    const ana = await contactWithFirstEmail();
    await imap.append(rawMail({ From: ana.email, References: `<older@elsewhere.example> ${ana.first.messageId}` }));
    await waitUntil('the enrollment to exit', async () => (await enrollment(ana.enrollmentId)).state === 'exited', 20_000);
    await replies.stop();
    expect(await enrollment(ana.enrollmentId)).toMatchObject({ exitReason: 'replied' });
  }, 60_000);

  it('never writes the IMAP password into its log, not even when the login fails', async () => {
    const wrong = `${imap.pass}-but-wrong`;
    const refused = watcher({ imap: { host: imap.host, port: imap.port, secure: false, user: imap.user, pass: wrong }, pollMs: 200 });
    await expect(refused.syncOnce()).rejects.toThrow();
    refused.start();
    await waitUntil('a failed login to be logged', async () => logs.some((l) => l.event === 'replies.error'), 15_000);
    await refused.stop();

    expect(logs.map((l) => l.event)).toEqual(expect.arrayContaining(['replies.connected', 'replies.message', 'replies.synced', 'replies.resync', 'replies.error']));
    const written = JSON.stringify(logs);
    expect(written).not.toContain(imap.pass);
    expect(written).not.toContain(wrong);
  }, 60_000);
});
