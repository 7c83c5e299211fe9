import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type Contact = { id: string; name: string; tags?: string[] };
type List<T> = { items: T[]; nextCursor: string | null };

describe.each(testDialects())('tags on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: '2026-03-02T10:00:00Z' }));
  });
  afterAll(() => closeAll(t));

  const add = async (api: ApiClient, body: Record<string, unknown>): Promise<Contact> => {
    const created = await api.post<Contact>('/api/v1/contacts', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const names = async (api: ApiClient, query: string): Promise<string[]> =>
    (await api.get<List<Contact>>(`/api/v1/contacts?${query}`)).body.items.map((c) => c.name).sort();

  it('a contact is created and edited with tags, and returns them; case makes no second tag', async () => {
    const api = await newWorkspace(t, owner);
    const ada = await add(api, { name: 'Ada', tags: ['VIP', 'vip', 'Berlin'] });
    expect(ada.tags).toEqual(['Berlin', 'VIP']);
    expect((await api.get<Contact>(`/api/v1/contacts/${ada.id}`)).body.tags).toEqual(['Berlin', 'VIP']);
    const edited = await api.patch<Contact>(`/api/v1/contacts/${ada.id}`, { tags: ['vip', 'Trade fair'] });
    expect(edited.body.tags).toEqual(['Trade fair', 'VIP']);
    const tags = (await api.get<List<{ name: string; contacts: number }>>('/api/v1/tags')).body.items;
    expect(tags.map((tag) => [tag.name, tag.contacts])).toEqual([['Berlin', 0], ['Trade fair', 1], ['VIP', 1]]);
  });

  it('POST and DELETE /contacts/:id/tags add and take off tags', async () => {
    const api = await newWorkspace(t, owner);
    const bo = await add(api, { name: 'Bo' });
    const tagged = await api.post<{ tags: string[] }>(`/api/v1/contacts/${bo.id}/tags`, { tags: ['Hot lead', 'Q2'], colour: '#cc3300' });
    expect(tagged.body.tags).toEqual(['Hot lead', 'Q2']);
    expect((await api.post<{ tags: string[] }>(`/api/v1/contacts/${bo.id}/tags`, { tags: ['hot LEAD'] })).body.tags).toEqual(['Hot lead', 'Q2']);
    const untagged = await api.delete<{ tags: string[] }>(`/api/v1/contacts/${bo.id}/tags/${encodeURIComponent('hot lead')}`);
    expect(untagged.body.tags).toEqual(['Q2']);
    expectProblem(await api.delete(`/api/v1/contacts/${bo.id}/tags/nope`), 404);
    const tags = (await api.get<List<{ name: string; colour: string | null }>>('/api/v1/tags')).body.items;
    expect(tags.find((tag) => tag.name === 'Hot lead')?.colour).toBe('#cc3300');
  });

  it('?tag= filters (every tag must match) and ?owner= filters by owner, me or none', async () => {
    const api = await newWorkspace(t, owner);
    const me = (await api.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;
    await add(api, { name: 'Cara', tags: ['VIP', 'Berlin'] });
    await add(api, { name: 'Dan', tags: ['VIP'] });
    await add(api, { name: 'Eve', tags: ['Berlin'], ownerId: null });
    expect(await names(api, 'tag=vip')).toEqual(['Cara', 'Dan']);
    expect(await names(api, 'tag=VIP&tag=Berlin')).toEqual(['Cara']);
    expect(await names(api, 'tag=unknown')).toEqual([]);
    expect(await names(api, 'owner=me')).toEqual(['Cara', 'Dan']);
    expect(await names(api, `owner=${me}&tag=Berlin`)).toEqual(['Cara']);
    expect(await names(api, 'owner=none')).toEqual(['Eve']);
    expect((await api.get<List<Contact>>('/api/v1/contacts?tag=VIP')).body.items.every((c) => c.tags?.includes('VIP'))).toBe(true);
  });

  it('refuses a bad tag naming the field, and changes nothing', async () => {
    const api = await newWorkspace(t, owner);
    const fay = await add(api, { name: 'Fay', tags: ['Kept'] });
    const tooLong = expectProblem(await api.post(`/api/v1/contacts/${fay.id}/tags`, { tags: ['x'.repeat(41)] }), 400);
    expect(problemPaths(tooLong)).toEqual(['tags.0']);
    expect(tooLong.errors?.[0]?.message).toMatch(/40 characters/);
    const comma = expectProblem(await api.patch(`/api/v1/contacts/${fay.id}`, { tags: ['a,b'] }), 400);
    expect(comma.errors?.[0]?.message).toMatch(/comma/);
    expect((await api.get<Contact>(`/api/v1/contacts/${fay.id}`)).body.tags).toEqual(['Kept']);
  });

  it('never across workspaces, and erasing a contact takes its tag links', async () => {
    const a = await newWorkspace(t, owner);
    const b = await newWorkspace(t, owner);
    const gil = await add(a, { name: 'Gil', tags: ['Secret'] });
    expectProblem(await b.post(`/api/v1/contacts/${gil.id}/tags`, { tags: ['Mine'] }), 404);
    expectProblem(await b.delete(`/api/v1/contacts/${gil.id}/tags/Secret`), 404);
    expect((await b.get<List<unknown>>('/api/v1/tags')).body.items).toEqual([]);
    await add(b, { name: 'Hal', tags: ['Secret'] });
    expect(await names(b, 'tag=Secret')).toEqual(['Hal']);
    expect((await a.delete(`/api/v1/contacts/${gil.id}`)).status).toBe(204);
    expect((await a.get<List<{ name: string; contacts: number }>>('/api/v1/tags')).body.items).toEqual([expect.objectContaining({ name: 'Secret', contacts: 0 })]);
    const links = await t.deps.store.db.selectFrom('contact_tags').select('contact_id').where('contact_id', '=', gil.id).execute();
    expect(links).toEqual([]);
  });
});
