import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateTo, type Store } from '../../src/store/connect.js';
import { listContacts } from '../../src/store/contacts.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/** Migration 028 (issue 16): contacts, agendas and touch notes written before it are searchable after it. */
describe.each(testDialects())('migration 028_search on %s', (dialect) => {
  let url: string;
  let store: Store;
  const at = '2026-03-02T15:00:00.000Z';

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect);
    store = connect(url);
    await migrateTo(store.db, '027_custom_fields');
    const db = store.db;
    await db.insertInto('workspaces').values({ id: 'w1', name: 'Acme', time_zone: 'Europe/London', settings: '{}', created_at: at }).execute();
    await db.insertInto('contacts').values({ id: 'c1', workspace_id: 'w1', name: 'Zoë Brückner', name_search: 'zoë brückner', phone: '+31 6 12 34 56 78', company: 'Harbour BV', time_zone: 'UTC', created_at: at, updated_at: at } as never).execute();
    await db.insertInto('contacts').values({ id: 'c2', workspace_id: 'w1', name: 'Other', name_search: 'other', time_zone: 'UTC', created_at: at, updated_at: at } as never).execute();
    await db.insertInto('follow_ups').values({
      id: 'f1', workspace_id: 'w1', contact_id: 'c1', kind: 'next-step', channel: 'call', due_at: at, due_local: '2026-03-02T15:00', time_zone: 'UTC', all_day: 0,
      agenda: 'the procurement checklist', promised: 1, source: 'manual', status: 'open', touch_number: 1, created_at: at,
    } as never).execute();
    await db.insertInto('interactions').values({
      id: 'i1', workspace_id: 'w1', contact_id: 'c1', channel: 'call', direction: 'outbound', occurred_at: at, notes: 'asked about the rebate', touch_number: 1, created_at: at,
    } as never).execute();
    await migrateTo(store.db, '028_search');
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  const names = async (q: string) => (await listContacts(store.db, 'w1', { q, limit: 10 })).items.map((c) => c.name);

  it('backfills every existing contact: name, company, phone, agendas and touch notes', async () => {
    expect(await names('zoe bruck')).toEqual(['Zoë Brückner']);
    expect(await names('harbour')).toEqual(['Zoë Brückner']);
    expect(await names('0612')).toEqual(['Zoë Brückner']);
    expect(await names('procurement')).toEqual(['Zoë Brückner']);
    expect(await names('rebate')).toEqual(['Zoë Brückner']);
    expect(await names('other')).toEqual(['Other']);
  });
});
