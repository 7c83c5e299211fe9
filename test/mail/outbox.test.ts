import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import { claimDue, recordSent } from '../../src/services/outbox.js';
import { findOutboxMessage, recordOutcome } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { createEmailPlaybook, enrolledContact, outboxOf, smtpWorker } from './support.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe.each(testDialects())('the outbox and its worker on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let playbookId: string;
  let worker: OutboxWorker;

  beforeAll(async () => {
    [{ t, api, workspaceId }, smtp] = await Promise.all([startTestAppWithOwner(dialect), startSmtpServer()]);
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(() => closeAll(t, smtp));
  beforeEach(async () => {
    // Each test starts from an empty queue: what earlier tests left queued is not theirs to send.
    await t.store.db.updateTable('outbox').set({ status: 'skipped', last_error: 'test isolation' }).where('status', '=', 'queued').execute();
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 in Los Angeles
    worker = smtpWorker(t, smtp, { leaseMs: 5 * MINUTE });
  });

  it('queues an email step in the enrolling transaction and sends it exactly once when due; the series moves on', async () => {
    const before = smtp.messages.length;
    const { contactId, enrollmentId, email } = await enrolledContact(api, playbookId);
    const [queued, ...rest] = await outboxOf(t, workspaceId, contactId);
    expect(rest).toEqual([]);
    expect(queued).toMatchObject({ kind: 'step', status: 'queued', attempt: 0, to: email, enrollmentId, subject: expect.stringContaining('Your month-end close, Pat') });
    expect(queued!.messageId).toMatch(/^<[0-9a-f-]{36}@[^>]+>$/);

    t.clock.set(queued!.dueAt);
    const report = await worker.runOnce();
    expect(report).toMatchObject({ claimed: 1, sent: 1, stale: 0 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    const received = smtp.messages.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(queued!.messageId);
    expect(received[0]!.to).toEqual([email]);
    const parsed = await received[0]!.parse();
    expect(parsed.text).toContain('A short note on closing faster.');
    // The opt-out line carries this message's own one-click link.
    expect(parsed.text).toContain(`Unsubscribe: http://127.0.0.1:3000/u/${queued!.unsubscribeToken}`);

    const sent = (await findOutboxMessage(t.store.db, queued!.id))!;
    expect(sent).toMatchObject({ status: 'sent', attempt: 1, leaseUntil: null });
    const step = await api.get<{ status: string }>(`/api/v1/follow-ups/${queued!.followUpId}`);
    expect(step.body.status).toBe('done');
    const timeline = await api.get<{ items: Array<{ channel: string; direction: string; followUpId: string | null }> }>(`/api/v1/contacts/${contactId}/timeline`);
    expect(timeline.body.items).toEqual([expect.objectContaining({ channel: 'email', direction: 'out', followUpId: queued!.followUpId })]);
    const enrollment = await api.get<{ state: string; emails: number; currentStep: { id: string } | null }>(`/api/v1/enrollments/${enrollmentId}`);
    expect(enrollment.body).toMatchObject({ state: 'active', emails: 1, currentStep: { id: 'second' } });

    // The second email threads on the first and is queued for two days later.
    const second = (await outboxOf(t, workspaceId, contactId)).find((r) => r.status === 'queued')!;
    expect(second.headers['In-Reply-To']).toBe(queued!.messageId);
    expect(Date.parse(second.dueAt) - Date.parse(sent.sentAt!)).toBeGreaterThanOrEqual(2 * 24 * HOUR - MINUTE);
  });

  it('a stale attempt changes nothing: a worker whose lease expired cannot record over a newer attempt', async () => {
    const { contactId } = await enrolledContact(api, playbookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    t.clock.set(row!.dueAt);
    const [first] = (await claimDue(t.deps, { limit: 50, leaseMs: MINUTE, maxLatenessMs: 24 * HOUR })).filter((m) => m.id === row!.id);
    expect(first).toMatchObject({ status: 'sending', attempt: 1 });

    // The lease runs out: the next claim records the row unknown and never hands it out again.
    t.clock.advance(2 * MINUTE);
    expect((await claimDue(t.deps, { limit: 50, leaseMs: MINUTE, maxLatenessMs: 24 * HOUR })).map((m) => m.id)).not.toContain(row!.id);
    expect((await findOutboxMessage(t.store.db, row!.id))!.status).toBe('unknown');
    const shown = await api.get<{ items: Array<{ id: string; status: string }> }>('/api/v1/outbox?status=unknown');
    expect(shown.body.items).toContainEqual(expect.objectContaining({ id: row!.id, status: 'unknown' })); // shown to the user
    expect(await recordSent(t.deps, first!)).toBe('stale');
    expect(await recordOutcome(t.store.db, row!.id, 1, { status: 'sent', sentAt: '2026-03-02T17:00:00.000Z' })).toBe(0);
    expect((await findOutboxMessage(t.store.db, row!.id))!.status).toBe('unknown');

    // An operator re-queues it by hand; attempt 2 is claimed, and the old attempt 1 still changes 0 rows.
    await t.store.db.updateTable('outbox').set({ status: 'queued' }).where('id', '=', row!.id).execute();
    const [second] = (await claimDue(t.deps, { limit: 50, leaseMs: MINUTE, maxLatenessMs: 24 * HOUR })).filter((m) => m.id === row!.id);
    expect(second).toMatchObject({ status: 'sending', attempt: 2 });
    expect(await recordOutcome(t.store.db, row!.id, 1, { status: 'failed', lastError: 'late writer' })).toBe(0);
    expect(await recordSent(t.deps, first!)).toBe('stale');
    expect(await recordOutcome(t.store.db, row!.id, 2, { status: 'skipped', lastError: 'test' })).toBe(1);
  });

  it('an opt-out or a reply committed just before the step is due means 0 sends after it', async () => {
    const before = smtp.messages.length;
    const optedOut = await enrolledContact(api, playbookId);
    const replied = await enrolledContact(api, playbookId);
    const rows = [...(await outboxOf(t, workspaceId, optedOut.contactId)), ...(await outboxOf(t, workspaceId, replied.contactId))];
    const due = rows.map((r) => Date.parse(r.dueAt)).reduce((a, b) => Math.max(a, b));
    t.clock.set(new Date(due - 1000).toISOString());
    expect((await api.post(`/api/v1/contacts/${optedOut.contactId}/opt-out`, { reason: 'asked by phone' })).status).toBe(200);
    const reply = await api.post('/api/v1/interactions', { contactId: replied.contactId, channel: 'email', direction: 'in', result: 'replied', notes: 'Interested, call me', outcome: { type: 'no-agreement' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    t.clock.set(new Date(due).toISOString());
    const report = await worker.runOnce();
    expect(report.sent).toBe(0);
    expect(smtp.messages.length - before).toBe(0);
    for (const row of rows) expect((await findOutboxMessage(t.store.db, row.id))!.status).toBe('skipped');
  });

  it('retries a 4xx later with the same Message-ID; a 5xx bounces and marks the contact do-not-contact (bounced)', async () => {
    const before = smtp.messages.length;
    const later = await enrolledContact(api, playbookId);
    const [row] = await outboxOf(t, workspaceId, later.contactId);
    t.clock.set(row!.dueAt);
    smtp.failNext({ code: 451, message: '4.7.1 Try again later' });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
    const waiting = (await findOutboxMessage(t.store.db, row!.id))!;
    expect(waiting).toMatchObject({ status: 'queued', attempt: 1, lastError: expect.stringContaining('Try again later') });
    expect(Date.parse(waiting.availableAt)).toBe(Date.parse(row!.dueAt) + MINUTE);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    t.clock.advance(MINUTE);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await findOutboxMessage(t.store.db, row!.id))!).toMatchObject({ status: 'sent', attempt: 2 });
    expect(smtp.messages.slice(before).map((m) => m.messageId)).toEqual([row!.messageId]);

    const gone = await enrolledContact(api, playbookId);
    const [bouncing] = await outboxOf(t, workspaceId, gone.contactId);
    smtp.refuse(gone.email, { code: 550, message: '5.1.1 No such user' });
    t.clock.set(bouncing!.dueAt);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, bounced: 1 });
    expect((await findOutboxMessage(t.store.db, bouncing!.id))!.status).toBe('bounced');
    const contact = await api.get<{ doNotContact: boolean; doNotContactReason: string }>(`/api/v1/contacts/${gone.contactId}`);
    expect(contact.body).toMatchObject({ doNotContact: true, doNotContactReason: 'bounced' });
    const enrollment = await api.get<{ state: string }>(`/api/v1/enrollments/${gone.enrollmentId}`);
    expect(enrollment.body.state).toBe('exited');
  });

  it('a send more than 24 h late is skipped-late and never sent', async () => {
    const before = smtp.messages.length;
    const { contactId } = await enrolledContact(api, playbookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    t.clock.set(new Date(Date.parse(row!.dueAt) + 24 * HOUR + MINUTE).toISOString());
    const report = await worker.runOnce();
    expect(report.sent).toBe(0);
    expect((await findOutboxMessage(t.store.db, row!.id))!.status).toBe('skipped-late');
    expect(smtp.messages.length).toBe(before);
  });
});
