import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportWorker } from '../../src/jobs/importWorker.js';
import type { CustomFieldView } from '../../src/shared/customFields.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { allContacts, freshWorkspace, importFile, startImportWorker, type Contact } from './helpers.js';

type WithFields = Contact & { customFields?: Record<string, unknown> };

const lines = (rows: string[]): string => `${rows.join('\n')}\n`;

describe.each(testDialects())('custom fields in import and export on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let worker: ImportWorker;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    worker = startImportWorker(t);
    owner = (await setUpOwner(t.app, { timeZone: 'Europe/London' })).api;
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  async function workspaceWithFields(): Promise<ApiClient> {
    const api = await freshWorkspace(t, owner);
    for (const field of [
      { key: 'budget', label: 'Budget', type: 'number' },
      { key: 'renewal', label: 'Renewal date', type: 'date' },
      { key: 'products', label: 'Products', type: 'choices', options: ['CRM', 'Mail'] },
      { key: 'website', label: 'Website', type: 'url' },
    ]) {
      const created = await api.post<CustomFieldView>('/api/v1/custom-fields', { entity: 'contact', ...field });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    return api;
  }

  const byName = (contacts: WithFields[], name: string) => contacts.find((c) => c.name === name);

  it('recognises columns by label or key, reports a bad value by row and label, and imports the other rows', async () => {
    const api = await workspaceWithFields();
    const report = await importFile(t, api, lines([
      'Name,Email,Budget,Renewal date,products,Unrelated',
      'Ann Able,ann@example.com,"12,000",2026-09-30,CRM; Mail,x',
      'Ben Bold,ben@example.com,lots,2026-02-30,CRM,y',
      'Cid Calm,cid@example.com,,,,z',
    ]));
    expect(report).toMatchObject({ state: 'done', imported: 2, rejectedCount: 1 });
    expect(report.rejected[0]?.line).toBe(3);
    expect(report.rejected[0]?.reason).toContain('Budget must be a number');
    expect(report.rejected[0]?.reason).toContain('Renewal date must be a date');
    const contacts = await allContacts(api) as WithFields[];
    expect(byName(contacts, 'Ann Able')?.customFields).toEqual({ budget: 12000, renewal: '2026-09-30', products: ['CRM', 'Mail'] });
    expect(byName(contacts, 'Cid Calm')?.customFields).toEqual({});
  });

  it('previews the mapping with the custom fields, and takes a chosen column "custom.<key>"', async () => {
    const api = await workspaceWithFields();
    const file = lines(['Full name,Homepage,Spend', 'Dot Dash,https://dot.example,250']);
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' }, payload: lines(['Name,Budget,website', 'A,1,https://a.example']) });
    expect(preview.statusCode, preview.body).toBe(200);
    const columns = (preview.json() as { columns: { header: string; field: string | null; customField?: string | null }[] }).columns;
    expect(columns.map((c) => c.customField ?? c.field)).toEqual(['name', 'budget', 'website']);
    const report = await importFile(t, api, file, `columns=${encodeURIComponent('name,custom.website,custom.budget')}`);
    expect(report).toMatchObject({ state: 'done', imported: 1, rejectedCount: 0 });
    const [dot] = await allContacts(api) as WithFields[];
    expect(dot?.customFields).toEqual({ website: 'https://dot.example/', budget: 250 });
    // A chosen key the workspace does not have fails the import, saying which.
    const unknown = await importFile(t, api, file, `columns=${encodeURIComponent('name,custom.colour,')}`);
    expect(unknown.state).toBe('failed');
    expect(unknown.error).toContain('colour');
  });

  it('updates replace imported values, merges only fill empty ones', async () => {
    const api = await workspaceWithFields();
    await importFile(t, api, lines(['Name,Email,Budget,Website', 'Eve Even,eve@example.com,100,https://eve.example']));
    await importFile(t, api, lines(['Name,Email,Budget,Products', 'Eve Even,eve@example.com,200,Mail']), 'duplicates=merge');
    let [eve] = await allContacts(api) as WithFields[];
    expect(eve?.customFields).toEqual({ budget: 100, website: 'https://eve.example/', products: ['Mail'] });
    await importFile(t, api, lines(['Name,Email,Budget', 'Eve Even,eve@example.com,300']), 'duplicates=update');
    [eve] = await allContacts(api) as WithFields[];
    expect(eve?.customFields).toEqual({ budget: 300, website: 'https://eve.example/', products: ['Mail'] });
  });

  it('exports custom columns in contacts.csv and definitions in the JSON export, and the CSV imports back', async () => {
    const api = await workspaceWithFields();
    expect((await api.post('/api/v1/contacts', { name: 'Fay Far', email: 'fay@example.com', customFields: { budget: 5, products: ['CRM', 'Mail'], website: 'https://fay.example' } })).status).toBe(201);
    expect((await api.post('/api/v1/contacts', { name: 'Gil Gone', customFields: { renewal: '2027-01-31' } })).status).toBe(201);
    const csv = (await api.get<string>('/api/v1/export/contacts.csv')).body;
    const [header, ...rows] = csv.replace(/^\ufeff/, '').trim().split('\n');
    expect(header?.split(',').slice(-4)).toEqual(['custom.budget', 'custom.renewal', 'custom.products', 'custom.website']);
    expect(rows.find((r) => r.includes('Fay Far'))).toContain(',5,,CRM; Mail,https://fay.example/');
    const json = (await api.get<{ customFields: CustomFieldView[]; contacts: WithFields[] }>('/api/v1/export')).body;
    expect(json.customFields.map((f) => f.key)).toEqual(['budget', 'renewal', 'products', 'website']);
    expect(byName(json.contacts, 'Gil Gone')?.customFields).toEqual({ renewal: '2027-01-31' });

    const again = await workspaceWithFields();
    const report = await importFile(t, again, csv, 'preset=followthrough');
    expect(report).toMatchObject({ state: 'done', imported: 2, rejectedCount: 0 });
    const back = await allContacts(again) as WithFields[];
    expect(byName(back, 'Fay Far')?.customFields).toEqual({ budget: 5, products: ['CRM', 'Mail'], website: 'https://fay.example/' });
    expect(byName(back, 'Gil Gone')?.customFields).toEqual({ renewal: '2027-01-31' });
  });
});
