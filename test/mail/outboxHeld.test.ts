import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import { findOutboxMessage } from '../../src/store/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { emailPlaybook, enrolledContact, outboxOf, setPostalAddress, smtpWorker } from './support.js';

const MINUTE = 60_000;
const PHONE_PLACEHOLDER = '[your phone number — add it in Settings → Profile]';
const NOT_SENT = 'Not sent: your phone number is empty — add it in Settings → Profile';

/** One email that quotes the salesperson's phone, their signature and (empty) progress. */
const phonePlaybook = {
  ...emailPlaybook, key: 'phone-email', name: 'Email with my number',
  steps: [{
    id: 'only', type: 'email', channel: 'email', title: 'The email', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
    template: {
      subject: 'Onboarding time, {{contact.firstName}}',
      body: 'Hi {{contact.firstName}},\n\nWhen we spoke you mentioned onboarding time. Since then: {{progress}}.\n\nCall me on {{user.phone}} whenever it suits you, or reply with a time?\n\n{{user.signature}}\n\nNot for you? Unsubscribe: {{unsubscribeUrl}}\nAcme Sales, 1 Main St, Springfield',
    },
  }],
};

/** A call whose script gives the salesperson's number, as the built-in voicemails do. */
const callPlaybook = {
  ...emailPlaybook, key: 'phone-call', name: 'Call with my number',
  steps: [{
    id: 'call', type: 'call', channel: 'call', title: 'The call', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
    script: '"Hi {{contact.firstName}}, it\'s {{user.name}}. You can reach me any time on {{user.phone}}. Shall we talk on Tuesday?"',
  }],
};

interface OutboxItem { id: string; status: string; heldReason: string | null; lastError: string | null }

describe.each(testDialects())('an email with an empty merge field is held, not sent, on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;
  let emailPlaybookId: string;
  let callPlaybookId: string;

  beforeAll(async () => {
    [{ t, api, workspaceId }, smtp] = await Promise.all([startTestAppWithOwner(dialect), startSmtpServer()]);
    await setPostalAddress(api);
    const email = await api.post<{ id: string }>('/api/v1/playbooks', phonePlaybook);
    expect(email.status, JSON.stringify(email.body)).toBe(201);
    emailPlaybookId = email.body.id;
    const call = await api.post<{ id: string }>('/api/v1/playbooks', callPlaybook);
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    callPlaybookId = call.body.id;
  });
  afterAll(() => closeAll(t, smtp));
  beforeEach(() => {
    t.clock.set('2026-03-02T17:00:00Z'); // Monday 09:00 in Los Angeles
    worker = smtpWorker(t, smtp, { leaseMs: 5 * MINUTE });
  });

  it('waits with the reason in the Outbox (attention=true), then goes out once when the phone number is added', async () => {
    const before = smtp.messages.length;
    const { contactId } = await enrolledContact(api, emailPlaybookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    // No filler for the empty progress, and no hole for the phone: its sentence is gone, the number shows a placeholder.
    expect(row!.text).not.toContain('Since then');
    expect(row!.text).not.toContain('what has moved on our side');
    expect(row!.text).toContain(`Call me on ${PHONE_PLACEHOLDER}`);

    t.clock.set(row!.dueAt);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0, sent: 0 });
    expect(smtp.messages.length).toBe(before);
    const held = (await findOutboxMessage(t.store.db, row!.id))!;
    expect(held).toMatchObject({ status: 'queued', attempt: 0, heldReason: NOT_SENT });

    const attention = await api.get<{ items: OutboxItem[] }>('/api/v1/outbox?attention=true');
    expect(attention.status).toBe(200);
    expect(attention.body.items).toContainEqual(expect.objectContaining({ id: row!.id, status: 'queued', heldReason: NOT_SENT }));

    // Still empty a while later: still held, still not failed.
    t.clock.advance(20 * MINUTE);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    expect((await findOutboxMessage(t.store.db, row!.id))!.status).toBe('queued');

    const patched = await api.patch<{ phone: string | null }>('/api/v1/me', { phone: '+1 415 555 0100' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // At once, before any worker runs: no longer waiting for anyone, the number in place, due now.
    expect((await findOutboxMessage(t.store.db, row!.id))!).toMatchObject({ status: 'queued', heldReason: null, availableAt: new Date(t.clock.nowMs).toISOString() });
    const waiting = await api.get<{ items: OutboxItem[] }>('/api/v1/outbox?attention=true');
    expect(waiting.body.items.map((i) => i.id)).not.toContain(row!.id);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    const received = smtp.messages.slice(before);
    expect(received).toHaveLength(1);
    const parsed = await received[0]!.parse();
    expect(parsed.text).toContain('Call me on +1 415 555 0100 whenever it suits you');
    expect(parsed.text).not.toContain('[');
    // The signature defaults to the name and the workspace.
    expect(parsed.text).toContain('Olivia Owner\nAcme Sales');
    const sent = (await findOutboxMessage(t.store.db, row!.id))!;
    expect(sent).toMatchObject({ status: 'sent', heldReason: null });
  });

  it('is not sent a day late: past its time it is dropped, saying what it waited for', async () => {
    await api.patch('/api/v1/me', { phone: '' });
    const { contactId } = await enrolledContact(api, emailPlaybookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    t.clock.set(row!.dueAt);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    t.clock.advance(25 * 60 * MINUTE);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    expect((await findOutboxMessage(t.store.db, row!.id))!).toMatchObject({
      status: 'skipped-late', lastError: `more than 24 h after it was due; it was waiting for you (${NOT_SENT})`,
    });
  });

  it('shows a call script a visible placeholder for the missing number, filled in once the number is added', async () => {
    await api.patch('/api/v1/me', { phone: '' });
    const { contactId } = await enrolledContact(api, callPlaybookId);
    const steps = await api.get<{ items: Array<{ id: string; script: string | null; status: string }> }>(`/api/v1/follow-ups?contactId=${contactId}`);
    expect(steps.status, JSON.stringify(steps.body)).toBe(200);
    const [call] = steps.body.items.filter((f) => f.status === 'open');
    expect(call!.script).toContain(`You can reach me any time on ${PHONE_PLACEHOLDER}.`);

    expect((await api.patch('/api/v1/me', { phone: '020 7946 0958' })).status).toBe(200);
    const filled = await api.get<{ script: string | null }>(`/api/v1/follow-ups/${call!.id}`);
    expect(filled.body.script).toContain('You can reach me any time on 020 7946 0958.');
  });

  it('previews the values a template will take for the editor, warning of each empty field before anything is sent', async () => {
    expect((await api.patch('/api/v1/me', { phone: '' })).status).toBe(200);
    const text = phonePlaybook.steps[0]!.template.body;
    const preview = await api.post<{ fields: Array<{ field: string; value: string | null; note: string | null }>; warnings: string[] }>('/api/v1/playbooks/preview', { text });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.fields).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'user.phone', value: '' }),
      expect.objectContaining({ field: 'user.signature', value: 'Olivia Owner\nAcme Sales' }),
      expect.objectContaining({ field: 'contact.firstName', value: null, note: 'from each contact' }),
      expect.objectContaining({ field: 'progress', value: null }),
    ]));
    expect(preview.body.warnings).toEqual([
      '{{user.phone}}: your phone number is empty — add it in Settings → Profile. Until then, emails that use it wait in the Outbox and scripts show a reminder where it goes.',
    ]);

    const { contactId } = await enrolledContact(api, callPlaybookId);
    const forContact = await api.post<{ fields: Array<{ field: string; value: string | null }> }>('/api/v1/playbooks/preview', { text: 'Hi {{contact.firstName}}', contactId });
    expect(forContact.body.fields).toEqual([expect.objectContaining({ field: 'contact.firstName', value: expect.stringMatching(/^Pat$/) })]);
    expect((await api.patch('/api/v1/me', { phone: '020 7946 0958' })).status).toBe(200);
    expect((await api.post<{ warnings: string[] }>('/api/v1/playbooks/preview', { text })).body.warnings).toEqual([]);
  });

  it('uses the signature the user wrote', async () => {
    expect((await api.patch('/api/v1/me', { phone: '020 7946 0958', signature: 'Olivia\nAcme Sales · 020 7946 0958' })).status).toBe(200);
    const { contactId } = await enrolledContact(api, emailPlaybookId);
    const [row] = await outboxOf(t, workspaceId, contactId);
    expect(row!.text).toContain('Olivia\nAcme Sales · 020 7946 0958');
    expect(row!.text).toContain('Call me on 020 7946 0958');
  });
});
