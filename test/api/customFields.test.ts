import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomFieldView } from '../../src/shared/customFields.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { memberOf } from '../helpers/teamMembers.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type Contact = { id: string; name: string; customFields?: Record<string, unknown> };
type List<T> = { items: T[] };

const NOW = '2026-03-02T15:00:00Z';

/** One field of each type on contacts. */
const FIELDS = [
  { key: 'industry', label: 'Industry', type: 'text' },
  { key: 'budget', label: 'Budget', type: 'number' },
  { key: 'contract_end', label: 'Contract end', type: 'date' },
  { key: 'tier', label: 'Tier', type: 'choice', options: ['Gold', 'Silver', 'Bronze'] },
  { key: 'products', label: 'Products', type: 'choices', options: ['CRM', 'Mail', 'Phone'] },
  { key: 'website', label: 'Website', type: 'url' },
] as const;

describe.each(testDialects())('custom fields on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW }));
  });
  afterAll(() => closeAll(t));

  async function workspaceWithFields(): Promise<{ api: ApiClient; fields: CustomFieldView[] }> {
    const api = await newWorkspace(t, owner);
    const fields: CustomFieldView[] = [];
    for (const field of FIELDS) {
      const created = await api.post<CustomFieldView>('/api/v1/custom-fields', { entity: 'contact', ...field });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      fields.push(created.body);
    }
    return { api, fields };
  }

  const contactIn = async (api: ApiClient, name: string, customFields: Record<string, unknown>) => {
    const created = await api.post<Contact>('/api/v1/contacts', { name, customFields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };

  const names = async (api: ApiClient, query: string) => {
    const listed = await api.get<List<Contact>>(`/api/v1/contacts?${query}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    return listed.body.items.map((c) => c.name).sort();
  };

  it('defines fields of every type, in order, and lists them', async () => {
    const { api, fields } = await workspaceWithFields();
    expect(fields.map((f) => f.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const listed = await api.get<List<CustomFieldView>>('/api/v1/custom-fields?entity=contact');
    expect(listed.body.items.map((f) => f.key)).toEqual(FIELDS.map((f) => f.key));
    expect(listed.body.items[3]?.options).toEqual(['Gold', 'Silver', 'Bronze']);
    // The key is unique per workspace and entity; the same key on deals is another field.
    expectProblem(await api.post('/api/v1/custom-fields', { entity: 'contact', key: 'budget', label: 'Budget 2', type: 'number' }), 409);
    expect((await api.post('/api/v1/custom-fields', { entity: 'deal', key: 'budget', label: 'Budget', type: 'number' })).status).toBe(201);
    // A choice needs options; a key is a slug.
    expect(problemPaths(expectProblem(await api.post('/api/v1/custom-fields', { entity: 'contact', key: 'size', label: 'Size', type: 'choice' }), 400))).toContain('options');
    expect(problemPaths(expectProblem(await api.post('/api/v1/custom-fields', { entity: 'contact', key: 'Big Size', label: 'Size', type: 'text' }), 400))).toContain('key');
    // Renamed, reordered, options changed.
    const tier = fields[3];
    const changed = await api.patch<CustomFieldView>(`/api/v1/custom-fields/${tier?.id}`, { label: 'Level', options: ['Gold', 'Silver', 'Bronze', 'Tin'], position: 9 });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ label: 'Level', key: 'tier', options: ['Gold', 'Silver', 'Bronze', 'Tin'], position: 9 });
  });

  it('keeps a value of each type in its canonical form, and null clears one', async () => {
    const { api } = await workspaceWithFields();
    const contact = await contactIn(api, 'Ada', {
      industry: '  Shipping ', budget: '12,500.50', contract_end: '2026-12-31', tier: 'gold', products: ['Phone', 'CRM', 'CRM'], website: 'https://ada.example',
    });
    expect(contact.customFields).toEqual({
      industry: 'Shipping', budget: 12500.5, contract_end: '2026-12-31', tier: 'Gold', products: ['CRM', 'Phone'], website: 'https://ada.example/',
    });
    const read = await api.get<Contact>(`/api/v1/contacts/${contact.id}`);
    expect(read.body.customFields).toEqual(contact.customFields);
    const patched = await api.patch<Contact>(`/api/v1/contacts/${contact.id}`, { customFields: { budget: 9000, industry: null, products: [] } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.customFields).toEqual({ budget: 9000, contract_end: '2026-12-31', tier: 'Gold', website: 'https://ada.example/' });
    // A patch without customFields leaves them alone.
    const renamed = await api.patch<Contact>(`/api/v1/contacts/${contact.id}`, { name: 'Ada L.' });
    expect(renamed.body.customFields).toEqual(patched.body.customFields);
  });

  it('refuses a bad value with a 400 naming the field by its label, and saves nothing', async () => {
    const { api } = await workspaceWithFields();
    const contact = await contactIn(api, 'Bea', { budget: 100 });
    const bad: [Record<string, unknown>, string][] = [
      [{ budget: 'lots' }, 'Budget must be a number'],
      [{ contract_end: '2026-02-30' }, 'Contract end must be a date'],
      [{ tier: 'Platinum' }, 'Tier must be one of: Gold, Silver, Bronze'],
      [{ products: ['CRM', 'Fax'] }, 'Products must be chosen from'],
      [{ website: 'javascript:alert(1)' }, 'Website must be a web address'],
      [{ industry: 'x'.repeat(2001) }, 'Industry must be at most 2000 characters'],
      [{ colour: 'red' }, 'There is no custom field "colour"'],
    ];
    for (const [customFields, message] of bad) {
      const patched = expectProblem(await api.patch(`/api/v1/contacts/${contact.id}`, { name: 'Changed', customFields: { ...customFields, industry: customFields.industry ?? 'Saved?' } }), 400);
      expect(patched.detail ?? '').toContain(message);
      expect(problemPaths(patched).some((p) => p.startsWith('customFields.'))).toBe(true);
      const created = await api.post('/api/v1/contacts', { name: 'Never', customFields });
      expectProblem(created, 400);
    }
    const after = await api.get<Contact>(`/api/v1/contacts/${contact.id}`);
    expect(after.body.name).toBe('Bea');
    expect(after.body.customFields).toEqual({ budget: 100 });
    expect(await names(api, 'q=never')).toEqual([]);
  });

  it('filters the contacts list by each type: exact, ranges, and "has"', async () => {
    const { api } = await workspaceWithFields();
    await contactIn(api, 'Ann', { industry: 'Shipping', budget: 900, contract_end: '2026-01-15', tier: 'Gold', products: ['CRM'], website: 'https://ann.example' });
    await contactIn(api, 'Ben', { industry: 'Retail', budget: 10000, contract_end: '2026-06-30', tier: 'Silver', products: ['CRM', 'Mail'] });
    await contactIn(api, 'Cid', { budget: 25000.5, contract_end: '2027-01-01', products: ['Phone'] });
    await contactIn(api, 'Dot', {});
    expect(await names(api, 'field.industry=Shipping')).toEqual(['Ann']);
    expect(await names(api, 'field.budget=900')).toEqual(['Ann']);
    // Numbers compare as numbers (9 < 10 000), not as text.
    expect(await names(api, 'field.budget.from=1000')).toEqual(['Ben', 'Cid']);
    expect(await names(api, 'field.budget.from=1000&field.budget.to=20000')).toEqual(['Ben']);
    expect(await names(api, 'field.contract_end.from=2026-02-01&field.contract_end.to=2026-12-31')).toEqual(['Ben']);
    expect(await names(api, 'field.contract_end=2027-01-01')).toEqual(['Cid']);
    expect(await names(api, 'field.tier=silver')).toEqual(['Ben']);
    expect(await names(api, 'field.products.has=CRM')).toEqual(['Ann', 'Ben']);
    expect(await names(api, 'field.products=Phone')).toEqual(['Cid']);
    expect(await names(api, `field.website=${encodeURIComponent('https://ann.example/')}`)).toEqual(['Ann']);
    expect(await names(api, 'field.products.has=CRM&field.tier=Gold')).toEqual(['Ann']);
    // Unknown keys and filters a type has not are 400s naming them.
    expect(expectProblem(await api.get('/api/v1/contacts?field.colour=red'), 400).detail).toContain('"colour"');
    expect(expectProblem(await api.get('/api/v1/contacts?field.industry.from=A'), 400).detail).toContain('Industry cannot be filtered by a range');
    expect(expectProblem(await api.get('/api/v1/contacts?field.budget.from=many'), 400).detail).toContain('Budget must be a number');
  });

  it('never crosses workspaces: fields, values and filters stay in their own', async () => {
    const { api, fields } = await workspaceWithFields();
    await contactIn(api, 'Eve', { budget: 5 });
    const other = await newWorkspace(t, owner);
    expect((await other.get<List<CustomFieldView>>('/api/v1/custom-fields')).body.items).toEqual([]);
    expectProblem(await other.patch(`/api/v1/custom-fields/${fields[0]?.id}`, { label: 'Taken' }), 404);
    expectProblem(await other.delete(`/api/v1/custom-fields/${fields[0]?.id}`), 404);
    expectProblem(await other.post('/api/v1/contacts', { name: 'X', customFields: { budget: 5 } }), 400);
    expectProblem(await other.get('/api/v1/contacts?field.budget=5'), 400);
    // The same key defined in the other workspace matches only its own contacts.
    expect((await other.post('/api/v1/custom-fields', { entity: 'contact', key: 'budget', label: 'Budget', type: 'number' })).status).toBe(201);
    await contactIn(other, 'Fay', { budget: 5 });
    expect(await names(other, 'field.budget=5')).toEqual(['Fay']);
    expect(await names(api, 'field.budget=5')).toEqual(['Eve']);
  });

  it('lets members read fields and set values, but not define them', async () => {
    const { api, fields } = await workspaceWithFields();
    void api;
    const member = (await memberOf(t, owner)).api;
    expectProblem(await member.post('/api/v1/custom-fields', { entity: 'contact', key: 'x', label: 'X', type: 'text' }), 403);
    expect((await member.get<List<CustomFieldView>>('/api/v1/custom-fields')).status).toBe(200);
    expect(fields.length).toBe(6);
    // The owner's first workspace: the member belongs to it.
    expect((await owner.post('/api/v1/custom-fields', { entity: 'contact', key: 'region', label: 'Region', type: 'text' })).status).toBe(201);
    expectProblem(await member.patch(`/api/v1/custom-fields/${fields[0]?.id}`, { label: 'Y' }), 403);
    const set = await member.post<Contact>('/api/v1/contacts', { name: 'Gus', customFields: { region: 'North' } });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    expect(set.body.customFields).toEqual({ region: 'North' });
  });

  it('keeps values on deals: set on opening, changed by PATCH, refused whole when one is bad', async () => {
    const api = await newWorkspace(t, owner);
    for (const field of [{ key: 'seats', label: 'Seats', type: 'number' }, { key: 'plan', label: 'Plan', type: 'choice', options: ['Basic', 'Pro'] }]) {
      expect((await api.post('/api/v1/custom-fields', { entity: 'deal', ...field })).status).toBe(201);
    }
    const contact = await contactIn(api, 'Ida', {});
    // A contact field's key is not a deal's.
    expectProblem(await api.post('/api/v1/opportunities', { contactId: contact.id, title: 'Renewal', customFields: { budget: 1 } }), 400);
    const opened = await api.post<{ id: string; customFields?: Record<string, unknown> }>('/api/v1/opportunities', { contactId: contact.id, title: 'Renewal', customFields: { seats: '25' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.customFields).toEqual({ seats: 25 });
    const patched = await api.patch<{ customFields?: Record<string, unknown> }>(`/api/v1/opportunities/${opened.body.id}`, { customFields: { plan: 'pro' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.customFields).toEqual({ seats: 25, plan: 'Pro' });
    const refused = expectProblem(await api.patch(`/api/v1/opportunities/${opened.body.id}`, { title: 'Changed', customFields: { seats: 'many' } }), 400);
    expect(refused.detail).toContain('Seats must be a number');
    const read = await api.get<{ title: string; customFields?: Record<string, unknown> }>(`/api/v1/opportunities/${opened.body.id}`);
    expect(read.body).toMatchObject({ title: 'Renewal', customFields: { seats: 25, plan: 'Pro' } });
    const listed = await api.get<List<{ id: string; customFields?: Record<string, unknown> }>>(`/api/v1/opportunities?contactId=${contact.id}`);
    expect(listed.body.items[0]?.customFields).toEqual({ seats: 25, plan: 'Pro' });
    // Erasing the contact takes its deals' values too.
    expect((await api.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(204);
    expect(await t.deps.store.db.selectFrom('custom_field_values').select('value').where('opportunity_id', '=', opened.body.id).execute()).toEqual([]);
  });

  it('removes values with their field, and erasing a contact erases its values', async () => {
    const { api, fields } = await workspaceWithFields();
    const hal = await contactIn(api, 'Hal', { industry: 'qzwvk secret', budget: 7 });
    expect((await api.delete(`/api/v1/custom-fields/${fields[1]?.id}`)).status).toBe(204);
    expect((await api.get<Contact>(`/api/v1/contacts/${hal.id}`)).body.customFields).toEqual({ industry: 'qzwvk secret' });
    expect((await api.delete(`/api/v1/contacts/${hal.id}`)).status).toBe(204);
    const left = await t.deps.store.db.selectFrom('custom_field_values').select('value').where('contact_id', '=', hal.id).execute();
    expect(left).toEqual([]);
    const anywhere = await t.deps.store.db.selectFrom('custom_field_values').select('value').where('value', 'like', '%qzwvk%').execute();
    expect(anywhere).toEqual([]);
  });
});
