import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../src/core/types.js';
import { closeAll } from '../helpers/closeAll.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { propertyRuns } from '../helpers/propertyRuns.js';
import { importFile } from '../data/helpers.js';
import { refreshStaleSearchDocuments } from '../../src/store/contactSearch.js';

type Hit = Contact & { match?: string | null };
type Page = { items: Hit[]; nextCursor: string | null };

const NOW = '2026-03-02T15:00:00Z';

describe.each(testDialects())('search on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW }));
  });
  afterAll(() => closeAll(t));

  const create = async (api: ApiClient, fields: Record<string, unknown>): Promise<Hit> => {
    const response = await api.post<Hit>('/api/v1/contacts', fields);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const search = async (api: ApiClient, q: string, more = ''): Promise<Page> => {
    const response = await api.get<Page>(`/api/v1/contacts?q=${encodeURIComponent(q)}${more}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const names = async (api: ApiClient, q: string): Promise<string[]> => (await search(api, q)).items.map((c) => c.name);

  it('ranks a match in the name above one in the notes, and says where each matched', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Pieter Jansen', notes: 'Met at the Harbour fair; Harbour is his favourite restaurant' });
    await create(api, { name: 'Marta Harbour', company: 'Tidewater' });
    const page = await search(api, 'harbour');
    expect(page.items.map((c) => c.name)).toEqual(['Marta Harbour', 'Pieter Jansen']);
    expect(page.items[0]?.match ?? null).toBeNull();
    expect(page.items[1]?.match).toMatch(/^notes: .*Harbour/);
  });

  it('ranks a company match above a notes match', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Notes Person', notes: 'they compare us with Northwind every time' });
    await create(api, { name: 'Company Person', company: 'Northwind Traders' });
    expect(await names(api, 'northwind')).toEqual(['Company Person', 'Notes Person']);
    expect((await search(api, 'northwind')).items[0]?.match).toBe('company: Northwind Traders');
  });

  it('matches word starts as you type, every word, accents and case ignored', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Annelies Müller', company: 'Brückner Bau' });
    await create(api, { name: 'José Álvarez', company: 'Zoë Designs', email: 'jose@zoe-designs.example' });
    await create(api, { name: 'Hannah Smith' });
    expect(await names(api, 'ann')).toEqual(['Annelies Müller']);
    expect(await names(api, 'a')).toEqual(expect.arrayContaining(['Annelies Müller', 'José Álvarez']));
    expect(await names(api, 'muller')).toEqual(['Annelies Müller']);
    expect(await names(api, 'MÜLL')).toEqual(['Annelies Müller']);
    expect(await names(api, 'bruckner ann')).toEqual(['Annelies Müller']);
    expect(await names(api, 'jose alv')).toEqual(['José Álvarez']);
    expect(await names(api, 'zoe')).toEqual(['José Álvarez']);
    expect(await names(api, 'ann smith')).toEqual([]);
  });

  it('finds a phone by its digits from anywhere in the number, a leading 0 standing for the country code', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Dutch Mobile', phone: '+31 6 12 34 56 78' });
    await create(api, { name: 'London Office', phone: '+44 20 7946 0958' });
    expect(await names(api, '0612')).toEqual(['Dutch Mobile']);
    expect(await names(api, '06-1234')).toEqual(['Dutch Mobile']);
    expect(await names(api, '345678')).toEqual(['Dutch Mobile']);
    expect(await names(api, '+44 20 7946')).toEqual(['London Office']);
    expect(await names(api, '0958')).toEqual(['London Office']);
    expect((await search(api, '0958')).items[0]?.match).toBe('phone: +44 20 7946 0958');
    expect(await names(api, '999')).toEqual([]);
  });

  /** What the worker's search upkeep does every few seconds (jobs/searchUpkeep.ts). */
  const upkeep = () => refreshStaleSearchDocuments(t.store.db);

  it('finds a contact by the agenda of a follow-up and the notes of a touch once the upkeep ran, and forgets an agenda that changed', async () => {
    const api = await newWorkspace(t, owner);
    const ida = await create(api, { name: 'Ida Agenda' });
    await create(api, { name: 'Other One' });
    const followUp = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId: ida.id, channel: 'call', due: { local: '2026-03-09T10:00' }, agenda: 'walk through the procurement checklist' });
    expect(followUp.status).toBe(201);
    const touch = await api.post('/api/v1/interactions', { contactId: ida.id, channel: 'call', result: 'connected', notes: 'asked about the quarterly rebate', outcome: { type: 'no-agreement' } });
    expect(touch.status, JSON.stringify(touch.body)).toBe(201);
    expect(await names(api, 'procurement'), 'not before the upkeep: logging does not rewrite the document').toEqual([]);
    expect(await upkeep()).toBeGreaterThanOrEqual(1);
    expect(await upkeep(), 'nothing left stale').toBe(0);
    expect(await names(api, 'procurement')).toEqual(['Ida Agenda']);
    expect((await search(api, 'procurement')).items[0]?.match).toMatch(/^agenda: .*procurement checklist/);
    expect(await names(api, 'rebate')).toEqual(['Ida Agenda']);
    expect((await api.patch(`/api/v1/follow-ups/${followUp.body.id}`, { agenda: 'pricing only' })).status).toBe(200);
    await upkeep();
    expect(await names(api, 'procurement')).toEqual([]);
    expect(await names(api, 'pricing')).toEqual(['Ida Agenda']);
  });

  it('never finds another workspace\'s contacts, though they hold the same word', async () => {
    const first = await newWorkspace(t, owner);
    const second = await newWorkspace(t, owner);
    const mine = await create(first, { name: 'Zebulon Shared', notes: 'quokka' });
    const theirs = await create(second, { name: 'Zebulon Shared', notes: 'quokka' });
    expect((await search(first, 'zebulon')).items.map((c) => c.id)).toEqual([mine.id]);
    expect((await search(second, 'quokka')).items.map((c) => c.id)).toEqual([theirs.id]);
  });

  it('finds a contact by their new name, not their old, and no longer once they are erased', async () => {
    const api = await newWorkspace(t, owner);
    const renamed = await create(api, { name: 'Old Fairweather', company: 'Cloudline' });
    expect((await api.patch(`/api/v1/contacts/${renamed.id}`, { name: 'New Stormborn', company: 'Rainworks' })).status).toBe(200);
    expect(await names(api, 'fairweather')).toEqual([]);
    expect(await names(api, 'cloudline')).toEqual([]);
    expect(await names(api, 'stormborn')).toEqual(['New Stormborn']);
    expect(await names(api, 'rainw')).toEqual(['New Stormborn']);
    expect((await api.delete(`/api/v1/contacts/${renamed.id}`)).status).toBe(204);
    expect(await names(api, 'stormborn')).toEqual([]);
  });

  it('finds contacts an import created as soon as it is done (it writes their documents in batches after its rows)', async () => {
    const api = await newWorkspace(t, owner);
    const report = await importFile(t, api, 'Name,Company,Phone,Notes\nImported Quentin,Vireo Labs,+49 30 1234567,"likes the roadmap demo"\n');
    expect(report.state).toBe('done');
    expect(await names(api, 'quentin')).toEqual(['Imported Quentin']);
    expect(await names(api, 'vireo')).toEqual(['Imported Quentin']);
    expect(await names(api, 'roadmap')).toEqual(['Imported Quentin']);
    expect(await names(api, '030 1234')).toEqual(['Imported Quentin']);
  });

  it('keeps the other filters, and pages by rank', async () => {
    const api = await newWorkspace(t, owner);
    for (const name of ['Team Alpha', 'Team Beta', 'Team Gamma']) await create(api, { name });
    await create(api, { name: 'Team Customer', relationship: 'customer' });
    expect(await names(api, 'team')).toHaveLength(4);
    expect((await search(api, 'team', '&relationship=customer')).items.map((c) => c.name)).toEqual(['Team Customer']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(api, 'team', `&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['Team Alpha', 'Team Beta', 'Team Customer', 'Team Gamma']);
  });

  it('pages a common word newest first past the newest thousand documents, and finds a rare word only older ones hold', async () => {
    // PostgreSQL reads the newest 1,000 documents first and the GIN index when they cannot fill a page:
    // the pages must not show the seam.
    const api = await newWorkspace(t, owner);
    const rows = Array.from({ length: 1_200 }, (_, i) => `Person ${i},${i % 2 === 0 ? 'alpha plan' : 'other plan'}${i < 5 ? ' omega' : ''}`);
    expect((await importFile(t, api, `Name,Notes\n${rows.join('\n')}\n`)).state).toBe('done');
    const seen: Hit[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(api, 'alpha', `&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(600);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(seen.every((c) => Number(c.name.split(' ')[1]) % 2 === 0)).toBe(true);
    expect((await names(api, 'omega')).sort()).toEqual(['Person 0', 'Person 1', 'Person 2', 'Person 3', 'Person 4']);
  });

  it('treats a blank query as no search, and punctuation alone as finding no one', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Anyone Here' });
    expect((await search(api, '   ')).items).toHaveLength(1);
    expect((await search(api, '"*()')).items).toEqual([]);
  });

  it('never fails on what a person types: operators, quotes and symbols are only text', async () => {
    const api = await newWorkspace(t, owner);
    await create(api, { name: 'Syntax Sam', notes: 'NEAR the AND gate, OR not' });
    const operators = fc.constantFrom('"', "'", '*', '(', ')', ':', '^', '-', '+', 'AND', 'OR', 'NOT', 'NEAR', '&', '|', '!', '<->', '\\', '%', '_', '{', '}', ',', '.', 'é', '😀', '½', '٣', ' ');
    const query = fc.oneof(fc.array(operators, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
    await fc.assert(fc.asyncProperty(query, async (q) => {
      const response = await api.get<Page>(`/api/v1/contacts?q=${encodeURIComponent(q.replace(/\u0000/g, ''))}`);
      expect(response.status, `${JSON.stringify(q)}: ${JSON.stringify(response.body)}`).toBe(200);
    }), { numRuns: propertyRuns(150) });
    expect(await names(api, 'NEAR AND')).toEqual(['Syntax Sam']);
    expect(await names(api, '"syntax" OR')).toEqual(['Syntax Sam']);
  });
});
