import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { authenticateToken } from '../../src/services/accounts.js';
import type { Actor } from '../../src/services/deps.js';
import { importContacts } from '../../src/services/importContacts.js';
import { pruneAgendaChanges } from '../../src/store/agendaChanges.js';
import { connect, type Store } from '../../src/store/connect.js';
import { refreshStatistics } from '../../src/store/maintenance.js';
import { client, newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

const NOW = '2026-12-07T09:00:30Z'; // Monday, 10:00 in Berlin: every write below lands within this minute

interface Instance { app: FastifyInstance; store: Store | null }

/**
 * Issue 14: the agenda kept between requests is never older than the database, after any kind of
 * write, made through either of two server instances on one database (or straight in SQL).
 */
describe.each(testDialects())('the kept agenda on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/Berlin' }, at: NOW }));
    const store = connect(t.url);
    const second = await buildApp({ deps: { ...t.deps, store }, logger: false });
    await second.ready();
    a = { app: t.app, store: null };
    b = { app: second, store };
  });
  afterAll(async () => {
    await b.app.close();
    await b.store?.close();
    await closeAll(t);
  });
  beforeEach(() => { t.clock.set(NOW); });

  const agendaThrough = async (instance: Instance, token: string): Promise<{ body: string; etag: string }> => {
    const response = await instance.app.inject({ method: 'GET', url: '/api/v1/agenda', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode, response.body).toBe(200);
    return { body: response.body, etag: String(response.headers.etag) };
  };

  /** What a server that kept nothing answers: a third instance made now. */
  const computedAfresh = async (token: string): Promise<string> => {
    const fresh = await buildApp({ deps: t.deps, logger: false });
    try {
      const response = await fresh.inject({ method: 'GET', url: '/api/v1/agenda', headers: { authorization: `Bearer ${token}` } });
      return response.body;
    } finally {
      await fresh.close();
    }
  };

  /** Both instances have the agenda kept, then the write happens, then both must answer what a fresh computation does. */
  async function expectFreshAfter(api: ApiClient, write: () => Promise<unknown>, expectChange = true): Promise<void> {
    const before = await agendaThrough(a, api.token);
    expect(await agendaThrough(a, api.token)).toEqual(before); // kept: the same body and ETag
    await agendaThrough(b, api.token);
    await write();
    const fresh = await computedAfresh(api.token);
    if (expectChange) expect(fresh).not.toBe(before.body);
    expect((await agendaThrough(a, api.token)).body).toBe(fresh);
    expect((await agendaThrough(b, api.token)).body).toBe(fresh);
  }

  async function dayWithFollowUp(): Promise<{ api: ApiClient; contactId: string; followUpId: string }> {
    const api = await newWorkspace(t, owner, 'Europe/Berlin');
    await api.patch('/api/v1/me', { timeZone: 'Europe/Berlin' });
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Clara Jung', email: 'clara@example.com', timeZone: 'Europe/Berlin' });
    const followUp = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId: contact.body.id, channel: 'call', due: { local: '2026-12-07T15:00' }, agenda: 'the pilot' });
    expect(followUp.status).toBe(201);
    return { api, contactId: contact.body.id, followUpId: followUp.body.id };
  }

  it('answers 304 to If-None-Match while unchanged, and the new agenda after a write', async () => {
    const { api, followUpId } = await dayWithFollowUp();
    const first = await agendaThrough(a, api.token);
    const again = await a.app.inject({ method: 'GET', url: '/api/v1/agenda', headers: { authorization: `Bearer ${api.token}`, 'if-none-match': first.etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await api.patch(`/api/v1/follow-ups/${followUpId}`, { agenda: 'the pilot, and its price' });
    const changed = await b.app.inject({ method: 'GET', url: '/api/v1/agenda', headers: { authorization: `Bearer ${api.token}`, 'if-none-match': first.etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('the pilot, and its price');
  });

  it('after logging a touch', async () => {
    const { api, contactId } = await dayWithFollowUp();
    await expectFreshAfter(api, () => api.post('/api/v1/interactions', {
      contactId, channel: 'call', result: 'connected', outcome: { type: 'next-step', next: { due: { local: '2026-12-07T17:00' }, channel: 'video', agenda: 'the contract' } },
    }));
  });

  it('after a reschedule and after a cancellation', async () => {
    const { api, followUpId } = await dayWithFollowUp();
    await expectFreshAfter(api, () => api.patch(`/api/v1/follow-ups/${followUpId}`, { due: { local: '2026-12-07T16:30' } }));
    await expectFreshAfter(api, () => api.patch(`/api/v1/follow-ups/${followUpId}`, { status: 'cancelled', reason: 'they asked to wait' }));
  });

  it('after a playbook step is planned', async () => {
    const { api, contactId } = await dayWithFollowUp();
    await expectFreshAfter(api, () => api.post('/api/v1/enrollments', { contactId, playbookKey: 'hard-to-reach' }));
  });

  it('after an opt-out, and after an erasure', async () => {
    const first = await dayWithFollowUp();
    await expectFreshAfter(first.api, () => first.api.post(`/api/v1/contacts/${first.contactId}/opt-out`, { reason: 'asked us to stop' }));
    const second = await dayWithFollowUp();
    await expectFreshAfter(second.api, () => second.api.delete(`/api/v1/contacts/${second.contactId}`));
  });

  it('after an import that renames a contact on the agenda', async () => {
    const { api } = await dayWithFollowUp();
    await expectFreshAfter(api, async () => {
      const actor = (await authenticateToken(t.deps, api.token)) as Actor;
      const csv = Buffer.from('name,email,time_zone\nClara Jung-Weber,clara@example.com,Europe/Berlin\n');
      const record = await importContacts(t.deps, actor, { format: 'csv', dryRun: false, duplicates: 'update', allowErased: false }, async function* () { yield csv; });
      expect(record.state).toBe('done');
    });
    expect((await agendaThrough(b, api.token)).body).toContain('Clara Jung-Weber');
  });

  it('after a booking and a cancellation by the client', async () => {
    const { api, contactId } = await dayWithFollowUp();
    const link = await api.post<{ url: string; slots: { start: string }[] }>('/api/v1/booking-links', { contactId });
    const token = link.body.url.split('/book/')[1] ?? '';
    const today = link.body.slots.find((s) => s.start.startsWith('2026-12-07'));
    if (!today) throw new Error('no slot today');
    await expectFreshAfter(api, () => b.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}`, payload: { start: today.start, channel: 'call' } }));
    await expectFreshAfter(api, () => a.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}/cancel`, payload: {} }));
  });

  it('after a write made straight in SQL, outside the app', async () => {
    const { api, contactId } = await dayWithFollowUp();
    await expectFreshAfter(api, () => t.store.db.updateTable('contacts').set({ name: 'Clara J.' }).where('id', '=', contactId).execute());
  });

  it('after a change of the workspace\'s rules', async () => {
    const { api } = await dayWithFollowUp();
    await expectFreshAfter(api, () => api.patch('/api/v1/workspace/settings', { timeBudgetMinutes: 45 }));
  });

  it('after a task that belongs to no contact is added, changed, completed, opened again and removed', async () => {
    const { api } = await dayWithFollowUp();
    let taskId = '';
    await expectFreshAfter(api, async () => {
      const task = await b.app.inject({ method: 'POST', url: '/api/v1/tasks', headers: { authorization: `Bearer ${api.token}` }, payload: { title: 'Prepare the proposal', due: '2026-12-07' } });
      expect(task.statusCode, task.body).toBe(201);
      taskId = (task.json() as { id: string }).id;
    });
    expect((await agendaThrough(a, api.token)).body).toContain('Prepare the proposal');
    await expectFreshAfter(api, () => api.patch(`/api/v1/tasks/${taskId}`, { title: 'Prepare the proposal and its price' }));
    await expectFreshAfter(api, () => a.app.inject({ method: 'PATCH', url: `/api/v1/tasks/${taskId}`, headers: { authorization: `Bearer ${api.token}` }, payload: { done: true } }));
    expect((await agendaThrough(b, api.token)).body).not.toContain('Prepare the proposal');
    await expectFreshAfter(api, () => api.patch(`/api/v1/tasks/${taskId}`, { done: false }));
    await expectFreshAfter(api, () => b.app.inject({ method: 'DELETE', url: `/api/v1/tasks/${taskId}`, headers: { authorization: `Bearer ${api.token}` } }));
    expect((await agendaThrough(a, api.token)).body).not.toContain('Prepare the proposal');
  });

  it('after a task written straight in SQL, outside the app', async () => {
    const { api } = await dayWithFollowUp();
    const me = await api.get<{ user: { id: string }; workspace: { id: string } }>('/api/v1/me');
    await expectFreshAfter(api, () => t.store.db.insertInto('tasks').values({
      id: `sql-task-${dialect}`, workspace_id: me.body.workspace.id, owner_id: me.body.user.id, title: 'Send the document', notes: null,
      due_local: '2026-12-06', due_time: null, due_time_zone: null, contact_id: null, opportunity_id: null, done_at: null, created_by: null,
      created_at: NOW, updated_at: NOW,
    }).execute());
    expect((await agendaThrough(b, api.token)).body).toContain('Send the document');
  });

  it('keeps working after the housekeeping prunes old change rows and refreshes statistics', async () => {
    const { api, followUpId } = await dayWithFollowUp();
    await agendaThrough(a, api.token);
    await refreshStatistics(t.store.db, t.store.dialect);
    await pruneAgendaChanges(t.store.db, t.store.dialect, '2999-01-01T00:00:00.000Z');
    await expectFreshAfter(api, () => api.patch(`/api/v1/follow-ups/${followUpId}`, { agenda: 'after the pruning' }));
  });

  it('keeps one user\'s agenda apart from another\'s and from another day\'s', async () => {
    const { api } = await dayWithFollowUp();
    const other = client(t.app, owner.token);
    expect((await agendaThrough(a, api.token)).body).not.toBe((await agendaThrough(a, other.token)).body);
    const tomorrow = await a.app.inject({ method: 'GET', url: '/api/v1/agenda?date=2026-12-08', headers: { authorization: `Bearer ${api.token}` } });
    expect(tomorrow.body).not.toBe((await agendaThrough(a, api.token)).body);
  });
});
