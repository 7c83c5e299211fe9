import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { headerOf, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtpServer.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from './support.js';

const LONG_BASE = `https://links.${'unsubscribe-'.repeat(6)}example.com/mail/followthrough`;

/** The raw header block's physical lines for one header: the first and its continuation lines. */
function rawHeaderLines(raw: string, name: string): string[] {
  const lines = (raw.split(/\r\n\r\n/, 1)[0] ?? '').split('\r\n');
  const start = lines.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (start < 0) return [];
  const out = [lines[start]!];
  for (let i = start + 1; i < lines.length && /^[ \t]/.test(lines[i]!); i++) out.push(lines[i]!);
  return out;
}

describe.each(testDialects())('one-click unsubscribe on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let playbookId: string;

  beforeAll(async () => {
    [{ t, api, workspaceId }, smtp] = await Promise.all([startTestAppWithOwner(dialect), startSmtpServer()]);
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(() => closeAll(t, smtp));
  beforeEach(async () => {
    await t.store.db.updateTable('outbox').set({ status: 'skipped', last_error: 'test isolation' }).where('status', '=', 'queued').execute();
    t.clock.set('2026-03-02T17:00:00Z');
  });

  async function sendFirstStep(baseUrl = t.deps.baseUrl): Promise<{ contactId: string; enrollmentId: string; email: string; mail: ReceivedMail; token: string }> {
    const { contactId, enrollmentId, email } = await enrolledContact(api, playbookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    t.clock.set(row!.dueAt);
    const before = smtp.messages.length;
    const worker = new OutboxWorker({ deps: { ...t.deps, baseUrl }, mailer: smtpMailer(smtp.url, { timeoutMs: 5000 }) });
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    const mail = smtp.messages[before]!;
    expect(mail.messageId).toBe(row!.messageId);
    return { contactId, enrollmentId, email, mail, token: (await findOutboxMessage(t.store.db, row!.id))!.unsubscribeToken! };
  }

  it('automated mail carries List-Unsubscribe with an unguessable https-style URL and List-Unsubscribe-Post (RFC 8058)', async () => {
    const { mail, token } = await sendFirstStep();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(headerOf(mail.raw, 'List-Unsubscribe')).toBe(`<http://127.0.0.1:3000/u/${token}>`);
    expect(headerOf(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const list = (await mail.parse()).headers.get('list') as { unsubscribe?: { url?: string }; 'unsubscribe-post'?: { name?: string } };
    expect(list.unsubscribe?.url).toBe(`http://127.0.0.1:3000/u/${token}`);
    expect(list['unsubscribe-post']?.name).toBe('List-Unsubscribe=One-Click');
  });

  it('folds a long unsubscribe URL correctly: lines within the limit, the value intact once unfolded', async () => {
    const { mail, token } = await sendFirstStep(LONG_BASE);
    const url = `${LONG_BASE}/u/${token}`;
    expect(url.length).toBeGreaterThan(140);
    const lines = rawHeaderLines(mail.raw, 'List-Unsubscribe');
    expect(lines.length).toBeGreaterThan(1); // folded: the name alone, then the URL on a continuation line
    for (const line of lines.slice(1)) expect(line).toMatch(/^[ \t]\S/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(998); // RFC 5322 2.1.1 hard limit
    expect(lines.join('\r\n')).not.toMatch(/=\?/); // never an encoded-word: clients must read the URL as is
    expect(headerOf(mail.raw, 'List-Unsubscribe').replace(/\s+/g, '')).toBe(`<${url}>`);
    const list = (await mail.parse()).headers.get('list') as { unsubscribe?: { url?: string } };
    expect(list.unsubscribe?.url).toBe(url); // an independent parser reads back the exact URL
  });

  it('GET shows a confirmation form and changes nothing', async () => {
    const { contactId, email, token } = await sendFirstStep();
    const before = await snapshotDatabase(t.store.db);
    const response = await t.app.inject({ method: 'GET', url: `/u/${token}` });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/html/);
    expect(response.body).toContain(`<form method="post" action="/u/${token}"`);
    expect(response.body).not.toContain(email); // the page confirms a masked address only
    expect(await snapshotDatabase(t.store.db)).toEqual(before);
    const contact = await api.get<{ doNotContact: boolean }>(`/api/v1/contacts/${contactId}`);
    expect(contact.body.doNotContact).toBe(false);
  });

  it('POST without cookies unsubscribes at once: do-not-contact, series exited, nothing more sent', async () => {
    const { contactId, enrollmentId, token } = await sendFirstStep();
    const response = await t.app.inject({
      method: 'POST', url: `/u/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are unsubscribed');
    const contact = await api.get<{ doNotContact: boolean; doNotContactReason: string }>(`/api/v1/contacts/${contactId}`);
    expect(contact.body).toMatchObject({ doNotContact: true, doNotContactReason: 'unsubscribed' });
    expect((await api.get<{ state: string; exitReason: string }>(`/api/v1/enrollments/${enrollmentId}`)).body).toMatchObject({ state: 'exited', exitReason: 'opted-out' });
    const consent = await api.get<{ items: Array<{ kind: string }> }>(`/api/v1/contacts/${contactId}/consent`);
    expect(consent.body.items.map((c) => c.kind)).toContain('opt-out');
    // Idempotent, and a multipart body (the other form RFC 8058 allows) is accepted too.
    const again = await t.app.inject({ method: 'POST', url: `/u/${token}`, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n' });
    expect(again.statusCode).toBe(200);
    expect((await api.get<{ items: Array<{ kind: string }> }>(`/api/v1/contacts/${contactId}/consent`)).body.items.filter((c) => c.kind === 'opt-out')).toHaveLength(1);
    // Two days on, the second step is not sent.
    const before = smtp.messages.length;
    t.clock.advance(3 * 24 * 3_600_000);
    await new OutboxWorker({ deps: t.deps, mailer: smtpMailer(smtp.url) }).runOnce();
    expect(smtp.messages.length).toBe(before);
  });

  it('answers 404 for an unknown token, on GET and POST', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/u/not-a-token' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/u/not-a-token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(404);
  });
});
