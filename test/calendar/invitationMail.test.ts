import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

interface Invitation { id: string; method: string; sequence: number; messageId: string }

describe.each(testDialects())('invitations by email on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    smtp = await startSmtpServer();
    t.clock.set('2026-03-02T17:00:00Z');
    ({ api } = await setUpOwner(t.app));
    worker = new OutboxWorker({ deps: t.deps, mailer: smtpMailer(smtp.url, { timeoutMs: 5000 }) });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Queues through the API, sends through the worker, and parses the text/calendar part the contact got. */
  async function sendAndParse(followUpId: string): Promise<{ invitation: Invitation; method: string; event: ICAL.Event; status: string }> {
    const queued = await api.post<Invitation>(`/api/v1/follow-ups/${followUpId}/invitation`);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    const mail = smtp.messages.find((m) => m.messageId === queued.body.messageId)!;
    const parsed = await mail.parse();
    const part = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    return { invitation: queued.body, method: String(calendar.getFirstPropertyValue('method')), event: new ICAL.Event(vevent), status: String(vevent.getFirstPropertyValue('status')) };
  }

  it('invites to an agreed coffee, updates it after a reschedule (same UID, higher SEQUENCE) and cancels it', async () => {
    const contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Bob Marsh', timeZone: 'America/Los_Angeles', email: 'bob@example.com' })).body.id;
    const logged = await api.post<{ next: { id: string } }>('/api/v1/interactions', {
      contactId, channel: 'call', result: 'connected',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'coffee', agenda: 'pilot scope' } },
    });
    const followUpId = logged.body.next.id;

    const first = await sendAndParse(followUpId);
    expect(first.method).toBe('REQUEST');
    expect(first.event.sequence).toBe(0);
    expect(first.event.startDate.toString()).toBe('2026-03-10T16:00:00');
    expect(first.event.startDate.zone.tzid).toBe('America/Los_Angeles');
    expect(first.event.uid).toContain(followUpId);

    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { due: { local: '2026-03-11T10:30' } })).status).toBe(200);
    const update = await sendAndParse(followUpId);
    expect(update.method).toBe('REQUEST');
    expect(update.event.uid).toBe(first.event.uid);
    expect(update.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(update.event.startDate.toString()).toBe('2026-03-11T10:30:00');

    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { status: 'cancelled', reason: 'client travelling' })).status).toBe(200);
    const cancel = await sendAndParse(followUpId);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.status).toBe('CANCELLED');
    expect(cancel.event.uid).toBe(first.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(update.event.sequence);
  });

  /** Runs the worker once and parses the one invitation it sent. */
  async function parseNextSent(): Promise<{ method: string; event: ICAL.Event; subject: string }> {
    const before = smtp.messages.length;
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    const parsed = await smtp.messages[before]!.parse();
    const part = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    return { method: String(calendar.getFirstPropertyValue('method')), event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!), subject: parsed.subject ?? '' };
  }

  it('sends the update and the cancellation by itself once the contact was invited: reschedule and cancel need no second click', async () => {
    const contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ana Ruiz', timeZone: 'America/Los_Angeles', email: 'ana@example.com' })).body.id;
    const scheduled = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId, due: { local: '2026-03-12T16:00' }, channel: 'meeting', agenda: 'rollout plan' });
    const followUpId = scheduled.body.id;
    // Not invited yet: a reschedule sends nothing.
    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { due: { local: '2026-03-12T16:30' } })).status).toBe(200);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    const first = await sendAndParse(followUpId);
    expect(first.event.startDate.toString()).toBe('2026-03-12T16:30:00');

    // Two reschedules before the worker runs: only the latest version goes out.
    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { due: { local: '2026-03-13T09:00' } })).status).toBe(200);
    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { due: { local: '2026-03-13T16:00' } })).status).toBe(200);
    const update = await parseNextSent();
    expect(update.method).toBe('REQUEST');
    expect(update.subject).toMatch(/^Updated invitation/);
    expect(update.event.uid).toBe(first.event.uid);
    expect(update.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(update.event.startDate.toString()).toBe('2026-03-13T16:00:00');
    expect(update.event.startDate.zone.tzid).toBe('America/Los_Angeles');
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    expect((await api.patch(`/api/v1/follow-ups/${followUpId}`, { status: 'cancelled', reason: 'they chose another vendor' })).status).toBe(200);
    const cancel = await parseNextSent();
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(first.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(update.event.sequence);
  });

  it('refuses an email follow-up and a contact without an address, naming the field', async () => {
    const contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'No Mail', timeZone: 'Europe/Paris' })).body.id;
    const call = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId, due: { local: '2026-03-12T11:00' }, channel: 'call' });
    const noAddress = await api.post<{ errors: Array<{ path: string }> }>(`/api/v1/follow-ups/${call.body.id}/invitation`);
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.errors[0]?.path).toBe('email');
    const email = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId, due: { local: '2026-03-12T11:00' }, channel: 'email' });
    const wrongChannel = await api.post<{ errors: Array<{ path: string }> }>(`/api/v1/follow-ups/${email.body.id}/invitation`);
    expect(wrongChannel.status).toBe(400);
    expect(wrongChannel.body.errors[0]?.path).toBe('channel');
  });
});
