import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageId } from '../../src/mail/messageId.js';
import { newId } from '../../src/store/ids.js';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { findOutboxMessage, insertOutboxMessage } from '../../src/store/outbox.js';
import { DIGEST_WITHOUT_MAILBOX } from '../../src/services/outbox.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { createEmailPlaybook, enrolledContact, outboxOf } from './support.js';

interface Item { id: string; kind: string; status: string; to: string; dueAt: string }

describe.each(testDialects())('GET /api/v1/outbox on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let userId: string;
  let playbookId: string;

  beforeAll(async () => {
    ({ t, api, workspaceId, userId } = await startTestAppWithOwner(dialect));
    playbookId = await createEmailPlaybook(api);
  });
  afterAll(() => closeAll(t));

  it('lists newest first, filters what needs a person, honours the limit, and shows only the viewer\'s own digests', async () => {
    const a = await enrolledContact(api, playbookId);
    t.clock.advance(60_000);
    const b = await enrolledContact(api, playbookId);
    const [rowA] = await outboxOf(t, workspaceId, a.contactId);
    const [rowB] = await outboxOf(t, workspaceId, b.contactId);
    await t.store.db.updateTable('outbox').set({ status: 'unknown', attempt: 1 }).where('id', '=', rowA!.id).execute();

    const colleague = await api.post<{ id: string }>('/api/v1/users', { email: 'colleague@example.com', password: 'correct horse battery', name: 'Col League', role: 'member' });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(201);
    const digest = (user: string, to: string) => insertOutboxMessage(t.store.db, {
      id: newId(), workspaceId, contactId: null, userId: user, followUpId: null, enrollmentId: null, kind: 'digest', to,
      subject: `Your day, ${to}`, text: 'agenda', headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
      status: 'sent', attempt: 1, leaseUntil: null, dueAt: '2026-03-02T08:00:00.000Z', availableAt: '2026-03-02T08:00:00.000Z',
      lastError: null, createdAt: '2026-03-02T08:00:00.000Z', sentAt: '2026-03-02T08:00:01.000Z',
    });
    await digest(userId, 'owner@example.com');
    await digest(colleague.body.id, 'colleague@example.com');

    const all = await api.get<{ items: Item[] }>('/api/v1/outbox');
    expect(all.status).toBe(200);
    const dues = all.body.items.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort().reverse());
    expect(all.body.items.filter((i) => i.kind === 'digest').map((i) => i.to)).toEqual(['owner@example.com']);
    expect(all.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([rowA!.id, rowB!.id]));

    const attention = await api.get<{ items: Item[] }>('/api/v1/outbox?attention=true');
    expect(attention.body.items.map((i) => [i.id, i.status])).toEqual([[rowA!.id, 'unknown']]);
    expect((await api.get<{ items: Item[] }>('/api/v1/outbox?limit=1')).body.items).toHaveLength(1);
    const bad = await api.get<{ errors: Array<{ path: string }> }>('/api/v1/outbox?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toEqual(['querystring.limit']);
  });

  it('with no mailbox anywhere, a playbook email waits (and says why) while a digest is simply not sent', async () => {
    const { contactId } = await enrolledContact(api, playbookId);
    const [step] = await outboxOf(t, workspaceId, contactId);
    const digestId = newId();
    await insertOutboxMessage(t.store.db, {
      id: digestId, workspaceId, contactId: null, userId, followUpId: null, enrollmentId: null, kind: 'digest', to: 'owner@example.com',
      subject: 'Your day', text: 'agenda', headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
      status: 'queued', attempt: 0, leaseUntil: null, dueAt: step!.dueAt, availableAt: step!.dueAt, lastError: null, createdAt: step!.dueAt, sentAt: null,
    });
    t.clock.set(step!.dueAt);
    expect(await new OutboxWorker({ deps: t.deps }).runOnce()).toMatchObject({ claimed: 0 });
    const waiting = (await findOutboxMessage(t.store.db, step!.id))!;
    expect(waiting).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/no mailbox to send from/) });
    expect(Date.parse(waiting.availableAt)).toBe(t.clock.nowMs + 15 * 60_000);
    // Said the same way wherever it shows (the Outbox page prints it): why, and how to fix it.
    const digest = (await findOutboxMessage(t.store.db, digestId))!;
    expect(digest).toMatchObject({ status: 'skipped', lastError: DIGEST_WITHOUT_MAILBOX });
    expect(DIGEST_WITHOUT_MAILBOX).toMatch(/^There is no mailbox to send your digest from: add yours under Settings → Mail/);
  });
});
