import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedView } from '../../src/shared/savedViews.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';
import { memberOf } from '../helpers/teamMembers.js';

type List<T> = { items: T[]; nextCursor: string | null };

describe.each(testDialects())('saved views on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: '2026-03-02T10:00:00Z' }));
  });
  afterAll(() => closeAll(t));

  const save = async (api: ApiClient, body: Record<string, unknown>): Promise<SavedView> => {
    const created = await api.post<SavedView>('/api/v1/views', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const visible = async (api: ApiClient): Promise<string[]> => (await api.get<List<SavedView>>('/api/v1/views')).body.items.map((v) => v.name);

  it('saves filters, sort and columns, with defaults for what is left out', async () => {
    const api = await newWorkspace(t, owner);
    const view = await save(api, { name: 'Hot in Berlin', definition: { filters: { tag: ['Hot', 'Berlin'], owner: 'me', nextStep: 'none', customFields: { 'field.size.from': '10' } }, sort: 'lastTouch', columns: ['company', 'tags'] } });
    expect(view).toMatchObject({ name: 'Hot in Berlin', shared: false, mine: true, editable: true, definition: { sort: 'lastTouch', columns: ['company', 'tags'] } });
    expect(view.definition.filters).toEqual({ tag: ['Hot', 'Berlin'], owner: 'me', nextStep: 'none', customFields: { 'field.size.from': '10' } });
    const bare = await save(api, { name: 'Everyone', definition: {} });
    expect(bare.definition).toEqual({ filters: {}, sort: 'name', columns: ['company', 'relationship', 'tags', 'nextStep'] });
    expect((await api.get<SavedView>(`/api/v1/views/${view.id}`)).body.name).toBe('Hot in Berlin');
  });

  it('a private view is its author\'s alone; a shared one is seen by all and changed by its author or an admin', async () => {
    const api = await newWorkspace(t, owner);
    const mia = await memberOf(t, api);
    const max = await memberOf(t, api);
    const adam = await memberOf(t, api, 'admin');
    const secret = await save(mia.api, { name: 'Mia private', definition: {} });
    const team = await save(mia.api, { name: 'Mia shared', shared: true, definition: {} });
    expect(await visible(mia.api)).toEqual(['Mia private', 'Mia shared']);
    expect(await visible(max.api)).toEqual(['Mia shared']);
    expect(await visible(adam.api)).toEqual(['Mia shared']);
    expect(await visible(api)).toEqual(['Mia shared']);
    expectProblem(await max.api.get(`/api/v1/views/${secret.id}`), 404);
    expectProblem(await adam.api.patch(`/api/v1/views/${secret.id}`, { name: 'peek' }), 404);

    const seenByMax = (await max.api.get<SavedView>(`/api/v1/views/${team.id}`)).body;
    expect(seenByMax).toMatchObject({ mine: false, editable: false });
    const refused = expectProblem(await max.api.patch(`/api/v1/views/${team.id}`, { name: 'Mine now' }), 403);
    expect(refused.detail).toMatch(/only the person who saved this view/);
    expectProblem(await max.api.delete(`/api/v1/views/${team.id}`), 403);

    expect((await adam.api.get<SavedView>(`/api/v1/views/${team.id}`)).body.editable).toBe(true);
    expect((await adam.api.patch<SavedView>(`/api/v1/views/${team.id}`, { name: 'Team pipeline' })).body.name).toBe('Team pipeline');
    expect((await mia.api.patch<SavedView>(`/api/v1/views/${secret.id}`, { shared: true })).body.shared).toBe(true);
    expect(await visible(max.api)).toEqual(['Mia private', 'Team pipeline']);
    expect((await mia.api.delete(`/api/v1/views/${secret.id}`)).status).toBe(204);
    expect(await visible(max.api)).toEqual(['Team pipeline']);
  });

  it('refuses a bad view naming the field, and saves nothing', async () => {
    const api = await newWorkspace(t, owner);
    const before = await snapshotDatabase(t.deps.store.db);
    const noName = expectProblem(await api.post('/api/v1/views', { name: ' ', definition: {} }), 400);
    expect(problemPaths(noName)).toEqual(['name']);
    const badSort = expectProblem(await api.post('/api/v1/views', { name: 'x', definition: { sort: 'colour' } }), 400);
    expect(problemPaths(badSort)).toEqual(['definition.sort']);
    const badColumn = expectProblem(await api.post('/api/v1/views', { name: 'x', definition: { columns: ['salary'] } }), 400);
    expect(problemPaths(badColumn)).toEqual(['definition.columns.0']);
    const badFilter = expectProblem(await api.post('/api/v1/views', { name: 'x', definition: { filters: { relationship: 'enemy' } } }), 400);
    expect(problemPaths(badFilter)).toEqual(['definition.filters.relationship']);
    const unknown = expectProblem(await api.post('/api/v1/views', { name: 'x', definition: { filters: { colour: 'red' } } }), 400);
    expect(unknown.detail).toBeTruthy();
    expect(await snapshotDatabase(t.deps.store.db)).toEqual(before);
  });

  it('the contacts list sorts as a view may: newest, last touched, soonest next step, paged by position', async () => {
    const api = await newWorkspace(t, owner);
    const add = async (name: string) => (await api.post<{ id: string }>('/api/v1/contacts', { name })).body.id;
    t.clock.set('2026-03-02T10:00:00Z');
    const older = await add('Older');
    t.clock.set('2026-03-02T11:00:00Z');
    const newer = await add('Newer');
    await add('Plain');
    t.clock.set('2026-03-02T12:00:00Z');
    expect((await api.post('/api/v1/interactions', { contactId: older, channel: 'call', result: 'no-answer' })).status).toBe(201);
    expect((await api.post('/api/v1/follow-ups', { contactId: newer, due: { local: '2026-03-09T10:00' }, channel: 'call' })).status).toBe(201);
    const order = async (sort: string) => (await api.get<List<{ name: string }>>(`/api/v1/contacts?sort=${sort}`)).body.items.map((c) => c.name);
    expect((await order('created'))[2]).toBe('Older');
    expect((await order('lastTouch'))[0]).toBe('Older');
    expect((await order('nextDue'))[0]).toBe('Newer');
    const first = await api.get<List<{ name: string }>>('/api/v1/contacts?sort=nextDue&limit=2');
    const rest = await api.get<List<{ name: string }>>(`/api/v1/contacts?sort=nextDue&limit=2&cursor=${first.body.nextCursor ?? ''}`);
    expect([...first.body.items, ...rest.body.items].map((c) => c.name).sort()).toEqual(['Newer', 'Older', 'Plain']);
    expect(rest.body.nextCursor).toBeNull();
    t.clock.set('2026-03-02T10:00:00Z');
  });

  it('never across workspaces, not even a shared view', async () => {
    const a = await newWorkspace(t, owner);
    const b = await newWorkspace(t, owner);
    const shared = await save(a, { name: 'A shared', shared: true, definition: {} });
    expect(await visible(b)).toEqual([]);
    expectProblem(await b.get(`/api/v1/views/${shared.id}`), 404);
    expectProblem(await b.patch(`/api/v1/views/${shared.id}`, { name: 'B' }), 404);
    expectProblem(await b.delete(`/api/v1/views/${shared.id}`), 404);
    expect(await visible(a)).toEqual(['A shared']);
  });
});
