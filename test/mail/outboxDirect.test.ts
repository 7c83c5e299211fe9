import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import { setUpOwner, startTestApp, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { outboxOf, smtpWorker } from './support.js';

interface TimelineItem { channel: string; direction: string; notes: string | null }

describe.each(testDialects())('an email written on the contact page on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ t, api, workspaceId } = await startTestAppWithOwner(dialect, { serverSmtpUrl: smtp.url }));
    worker = smtpWorker(t, smtp);
  });
  afterAll(() => closeAll(t, smtp));

  async function contact(fields: Record<string, unknown> = {}): Promise<string> {
    const created = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'Europe/Berlin', email: `dana-${randomUUID()}@example.com`, ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  it('is queued once however often the same draft is sent, goes out once, and is logged as one email touch', async () => {
    const before = smtp.messages.length;
    const contactId = await contact();
    const draft = { draftId: randomUUID(), subject: 'Onboarding time', body: 'Hi Dana,\n\nThe import now takes half the time. Could we look at it on Tuesday?' };
    const first = await api.post<{ id: string; status: string }>(`/api/v1/contacts/${contactId}/emails`, draft);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body.status).toBe('queued');
    const again = await api.post<{ id: string }>(`/api/v1/contacts/${contactId}/emails`, draft);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(await outboxOf(t, workspaceId, contactId)).toHaveLength(1);

    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect((await api.post(`/api/v1/contacts/${contactId}/emails`, draft)).status).toBe(202);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    const received = smtp.messages.slice(before);
    expect(received).toHaveLength(1);
    const parsed = await received[0]!.parse();
    expect(parsed.subject).toBe('Onboarding time');
    expect(parsed.text).toContain('The import now takes half the time.');
    const timeline = await api.get<{ items: TimelineItem[] }>(`/api/v1/contacts/${contactId}/timeline`);
    expect(timeline.body.items).toEqual([expect.objectContaining({ channel: 'email', direction: 'out', notes: expect.stringContaining('Sent "Onboarding time"') })]);
  });

  it('is refused for a do-not-contact contact, or one without an email address, and queues nothing', async () => {
    const noEmail = await contact({ email: null });
    const refused = await api.post(`/api/v1/contacts/${noEmail}/emails`, { draftId: randomUUID(), subject: 'Hello', body: 'A line?' });
    expect(problemPaths(expectProblem(refused, 400))).toEqual(['to']);

    const said = await contact();
    expect((await api.post(`/api/v1/contacts/${said}/opt-out`, { reason: 'asked us to stop' })).status).toBe(200);
    expectProblem(await api.post(`/api/v1/contacts/${said}/emails`, { draftId: randomUUID(), subject: 'Hello', body: 'A line?' }), 409, 'do-not-contact');
    expect(await outboxOf(t, workspaceId, said)).toEqual([]);
    expect(await outboxOf(t, workspaceId, noEmail)).toEqual([]);
  });

  it('refuses an empty subject or body, naming the field', async () => {
    const contactId = await contact();
    const refused = await api.post(`/api/v1/contacts/${contactId}/emails`, { draftId: randomUUID(), subject: ' ', body: '' });
    expect(problemPaths(expectProblem(refused, 400)).sort()).toEqual(['body', 'subject']);
  });
});

describe.each(testDialects())('without any mailbox on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(dialect); });
  afterAll(async () => { await t.close(); });

  it('says to add a mailbox or use the mail client, and queues nothing', async () => {
    const { api, workspaceId } = await setUpOwner(t.app);
    const created = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Sam Roe', timeZone: 'Europe/Berlin', email: 'sam@example.com' });
    const refused = expectProblem(await api.post(`/api/v1/contacts/${created.body.id}/emails`, { draftId: randomUUID(), subject: 'Hi', body: 'A line?' }), 409);
    expect(refused.detail).toContain('Settings → Mail');
    expect(await outboxOf(t, workspaceId)).toEqual([]);
  });
});
