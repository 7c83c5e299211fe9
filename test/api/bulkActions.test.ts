import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blankContact } from '../../src/core/contacts.js';
import type { BulkResult } from '../../src/shared/bulk.js';
import { toRow } from '../../src/store/contacts.js';
import { newId } from '../../src/store/ids.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';
import { memberOf } from '../helpers/teamMembers.js';

type Contact = { id: string; name: string; ownerId: string | null; tags?: string[]; doNotContact: boolean };
type List<T> = { items: T[]; nextCursor: string | null };

const NOW = '2026-03-05T15:00:00Z';

describe.each(testDialects())('bulk actions on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW }));
  });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(NOW); });

  const add = async (api: ApiClient, body: Record<string, unknown>): Promise<Contact> => {
    const created = await api.post<Contact>('/api/v1/contacts', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const bulk = async (api: ApiClient, body: Record<string, unknown>, status = 200): Promise<BulkResult> => {
    const response = await api.post<BulkResult>('/api/v1/contacts/bulk', body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };
  const enrolledIds = async (api: ApiClient): Promise<string[]> =>
    (await api.get<{ items: { contactId: string }[] }>('/api/v1/enrollments')).body.items.map((e) => e.contactId).sort();
  const names = (result: BulkResult) => result.actedOn.map((c) => c.name).sort();
  const skips = (result: BulkResult) => Object.fromEntries(result.skippedContacts.map((s) => [s.name, s.code]));

  /** Ann can be enrolled; Ben opted out, Cy has only a passing interest, Di was called three times this week, Ed is in a playbook. */
  async function guardedWorkspace() {
    const api = await newWorkspace(t, owner);
    const ann = await add(api, { name: 'Ann', tags: ['Fair'] });
    const ben = await add(api, { name: 'Ben', tags: ['Fair'] });
    const cy = await add(api, { name: 'Cy', interest: 'passing', tags: ['Fair'] });
    const di = await add(api, { name: 'Di', tags: ['Fair'] });
    const ed = await add(api, { name: 'Ed', tags: ['Fair'] });
    await api.post(`/api/v1/contacts/${ben.id}/opt-out`, { reason: 'asked by phone' });
    for (const day of ['02', '03', '04']) {
      t.clock.set(`2026-03-${day}T15:00:00Z`);
      expect((await api.post('/api/v1/interactions', { contactId: di.id, channel: 'call', result: 'no-answer' })).status).toBe(201);
    }
    t.clock.set(NOW);
    expect((await api.post('/api/v1/enrollments', { contactId: ed.id, playbookKey: 'referral' })).status).toBe(201);
    return { api, ann, ben, cy, di, ed };
  }

  describe('enrol through the enrolment guardrails', () => {
    it('the preview names who is enrolled and who skipped and why, changes nothing, and the enrolment then does just that', async () => {
      const { api, ann, ed } = await guardedWorkspace();
      const request = { selection: { filter: { tag: ['Fair'] } }, action: { type: 'enrol', playbookKey: 'hard-to-reach' } };
      const before = await snapshotDatabase(t.deps.store.db);
      const preview = await bulk(api, { ...request, preview: true });
      expect(await snapshotDatabase(t.deps.store.db)).toEqual(before);
      expect(preview).toMatchObject({ preview: true, selected: 5, acted: 1, skipped: 4 });
      expect(names(preview)).toEqual(['Ann']);
      expect(skips(preview)).toEqual({ Ben: 'do-not-contact', Cy: 'unqualified', Di: 'frequency-cap', Ed: 'already-enrolled' });
      const reasons = Object.fromEntries(preview.skippedContacts.map((s) => [s.name, s.reason]));
      expect(reasons.Ben).toMatch(/do-not-contact \(asked by phone\)/);
      expect(reasons.Cy).toMatch(/passing interest/);
      expect(reasons.Di).toMatch(/3 times in 7 days/);
      expect(reasons.Ed).toMatch(/already in the "referral" playbook/);
      expect(preview.reasons.map((r) => [r.code, r.count])).toEqual(expect.arrayContaining([['do-not-contact', 1], ['unqualified', 1], ['frequency-cap', 1], ['already-enrolled', 1]]));

      const done = await bulk(api, request);
      expect({ ...done, preview: true }).toEqual(preview);
      expect(await enrolledIds(api)).toEqual([ann.id, ed.id].sort());
    });

    it('includeUnqualified enrols the contact with only a passing interest too, the others still skipped', async () => {
      const { api, ann, cy, ed } = await guardedWorkspace();
      const done = await bulk(api, { selection: { filter: { tag: ['Fair'] } }, action: { type: 'enrol', playbookKey: 'hard-to-reach', includeUnqualified: true } });
      expect(names(done)).toEqual(['Ann', 'Cy']);
      expect(await enrolledIds(api)).toEqual([ann.id, cy.id, ed.id].sort());
    });

    it('a playbook that is missing or not named is refused before anything is read', async () => {
      const { api, ann } = await guardedWorkspace();
      const unnamed = expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { ids: [ann.id] }, action: { type: 'enrol' } }), 400);
      expect(problemPaths(unnamed)).toEqual(['action.playbookId']);
      expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { ids: [ann.id] }, action: { type: 'enrol', playbookId: 'nope' } }), 404);
      expect(await enrolledIds(api)).not.toContain(ann.id);
    });
  });

  describe('assign, tag, untag, opt out and export', () => {
    it('each acts on the selection and skips who is already so', async () => {
      const api = await newWorkspace(t, owner);
      const mia = await memberOf(t, api);
      const a = await add(api, { name: 'Alba', tags: ['Lead'] });
      const b = await add(api, { name: 'Bram', tags: ['Lead'] });
      const c = await add(api, { name: 'Cato', ownerId: mia.id });

      const assigned = await bulk(api, { selection: { ids: [a.id, b.id, c.id] }, action: { type: 'assign', ownerId: mia.id } });
      expect(assigned).toMatchObject({ acted: 2, skipped: 1 });
      expect(skips(assigned)).toEqual({ Cato: 'no-change' });
      expect((await api.get<Contact>(`/api/v1/contacts/${a.id}`)).body.ownerId).toBe(mia.id);

      const tagged = await bulk(api, { selection: { filter: { owner: mia.id } }, action: { type: 'tag', tag: 'Mia' } });
      expect(names(tagged)).toEqual(['Alba', 'Bram', 'Cato']);
      expect((await api.get<List<Contact>>('/api/v1/contacts?tag=Mia')).body.items).toHaveLength(3);

      const untagged = await bulk(api, { selection: { ids: [a.id, c.id] }, action: { type: 'untag', tag: 'Lead' } });
      expect(names(untagged)).toEqual(['Alba']);
      expect(skips(untagged)).toEqual({ Cato: 'no-change' });
      expect((await api.get<Contact>(`/api/v1/contacts/${a.id}`)).body.tags).toEqual(['Mia']);

      const optedOut = await bulk(api, { selection: { ids: [a.id, b.id] }, action: { type: 'opt-out', reason: 'unsubscribed at the fair' } });
      expect(optedOut.acted).toBe(2);
      const consent = await api.get<{ items: { kind: string; detail: string }[] }>(`/api/v1/contacts/${b.id}/consent`);
      expect(consent.body.items).toEqual([expect.objectContaining({ kind: 'opt-out', detail: 'unsubscribed at the fair' })]);
      expect(skips(await bulk(api, { selection: { ids: [a.id] }, action: { type: 'opt-out', reason: 'again' } }))).toEqual({ Alba: 'no-change' });

      const exported = await bulk(api, { selection: { filter: { tag: ['Mia'] } }, action: { type: 'export' } });
      const lines = (exported.csv ?? '').trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^\ufeff/);
      expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['Alba', 'Bram', 'Cato']);
      expect((await bulk(api, { selection: { ids: [a.id] }, action: { type: 'export' }, preview: true })).csv).toBeUndefined();
    });

    it('a view selects its contacts as the list shows them', async () => {
      const api = await newWorkspace(t, owner);
      await add(api, { name: 'Vic', relationship: 'customer' });
      await add(api, { name: 'Wyn', relationship: 'prospect' });
      const view = await api.post<{ id: string }>('/api/v1/views', { name: 'Customers', definition: { filters: { relationship: 'customer' } } });
      const tagged = await bulk(api, { selection: { viewId: view.body.id }, action: { type: 'tag', tag: 'Renewal' } });
      expect(names(tagged)).toEqual(['Vic']);
    });
  });

  describe('limits', () => {
    it('never across workspaces: another workspace\'s contacts are not found, its view is a 404', async () => {
      const a = await newWorkspace(t, owner);
      const b = await newWorkspace(t, owner);
      const theirs = await add(b, { name: 'Theirs' });
      const view = await b.post<{ id: string }>('/api/v1/views', { name: 'All', shared: true, definition: {} });
      const result = await bulk(a, { selection: { ids: [theirs.id] }, action: { type: 'tag', tag: 'Stolen' } });
      expect(result).toMatchObject({ acted: 0, skipped: 1 });
      expect(result.skippedContacts[0]).toMatchObject({ code: 'not-found', name: theirs.id });
      expectProblem(await a.post('/api/v1/contacts/bulk', { selection: { viewId: view.body.id }, action: { type: 'export' } }), 404);
      expect((await b.get<Contact>(`/api/v1/contacts/${theirs.id}`)).body.tags).toEqual([]);
    });

    it('a member acts only on their own contacts and those nobody owns; an admin on every one', async () => {
      const api = await newWorkspace(t, owner);
      const mia = await memberOf(t, api);
      const adam = await memberOf(t, api, 'admin');
      const owners = await add(api, { name: 'Owned by the owner' });
      const hers = await add(mia.api, { name: 'Hers' });
      const nobodys = await add(api, { name: 'Nobody\'s', ownerId: null });
      const all = { selection: { ids: [owners.id, hers.id, nobodys.id] } };
      const asMember = await bulk(mia.api, { ...all, action: { type: 'opt-out', reason: 'cleaning up' } });
      expect(names(asMember)).toEqual(['Hers', 'Nobody\'s']);
      expect(asMember.skippedContacts).toEqual([expect.objectContaining({ name: 'Owned by the owner', code: 'not-yours' })]);
      expect((await api.get<Contact>(`/api/v1/contacts/${owners.id}`)).body.doNotContact).toBe(false);
      const asAdmin = await bulk(adam.api, { ...all, action: { type: 'tag', tag: 'Checked' } });
      expect(asAdmin.acted).toBe(3);
      const assignToStranger = expectProblem(await mia.api.post('/api/v1/contacts/bulk', { ...all, action: { type: 'assign', ownerId: 'nobody-here' } }), 400);
      expect(problemPaths(assignToStranger)).toEqual(['action.ownerId']);
    });

    it('names the field of a bad selection or action, and changes nothing', async () => {
      const api = await newWorkspace(t, owner);
      const before = await snapshotDatabase(t.deps.store.db);
      const empty = expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { ids: [] }, action: { type: 'tag', tag: 'x' } }), 400);
      expect(problemPaths(empty)).toEqual(['selection.ids']);
      const twoWays = expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { ids: ['x'], filter: {} }, action: { type: 'export' } }), 400);
      expect(twoWays.detail).toMatch(/one way/);
      const badTag = expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { filter: {} }, action: { type: 'tag', tag: '' } }), 400);
      expect(problemPaths(badTag)).toEqual(['action.tag']);
      expectProblem(await api.post('/api/v1/contacts/bulk', { selection: { filter: {} }, action: { type: 'erase' } }), 400);
      expect(await snapshotDatabase(t.deps.store.db)).toEqual(before);
    });

    it('a retry with the same Idempotency-Key is answered again and does nothing twice', async () => {
      const { api, ann } = await guardedWorkspace();
      const send = () => t.app.inject({
        method: 'POST', url: '/api/v1/contacts/bulk', headers: { authorization: `Bearer ${api.token}`, 'idempotency-key': `bulk-once-${dialect}` },
        payload: { selection: { ids: [ann.id] }, action: { type: 'enrol', playbookKey: 'hard-to-reach' } },
      });
      const first = await send();
      const again = await send();
      expect(first.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect((first.json() as BulkResult).acted).toBe(1);
      expect((await enrolledIds(api)).filter((id) => id === ann.id)).toHaveLength(1);
    });
  });

  it('10,000 contacts are tagged in pages, in reasonable time', async () => {
    const api = await newWorkspace(t, owner);
    const me = (await api.get<{ workspace: { id: string }; user: { id: string; timeZone: string } }>('/api/v1/me')).body;
    const rows = Array.from({ length: 10_000 }, (_, i) => toRow({ ...blankContact(newId(), me.workspace.id, me.user.timeZone, me.user.id, NOW), name: `Lead ${String(i).padStart(5, '0')}` }));
    for (let i = 0; i < rows.length; i += 500) await t.deps.store.db.insertInto('contacts').values(rows.slice(i, i + 500)).execute();
    const started = Date.now();
    const result = await bulk(api, { selection: { filter: {} }, action: { type: 'tag', tag: 'Imported' } });
    expect(result).toMatchObject({ selected: 10_000, acted: 10_000, skipped: 0 });
    expect(result.actedOn).toHaveLength(1_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect((await api.get<List<{ name: string; contacts: number }>>('/api/v1/tags')).body.items).toEqual([expect.objectContaining({ name: 'Imported', contacts: 10_000 })]);
  }, 120_000);
});
