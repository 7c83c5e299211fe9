import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateTo, type Store } from '../../src/store/connect.js';
import { refreshStaleSearchDocuments } from '../../src/store/contactSearch.js';
import { listContacts } from '../../src/store/contacts.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/**
 * Migration 028 (issue 16): contacts, agendas and touch notes written before it are searchable after it.
 * Migration 032 (issue 14): a contact inserted outside the store (an import, a bulk load) is marked and
 * written by the upkeep, not inside its insert.
 */
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

  it('after 032, marks a contact inserted in bulk and finds it once the upkeep wrote its document; earlier ones stay found', async () => {
    await migrateTo(store.db, '032_search_deferred');
    await store.db.insertInto('contacts').values({ id: 'c3', workspace_id: 'w1', name: 'Bulk Loaded', name_search: 'bulk loaded', phone: '+44 20 7946 0000', company: 'Quayside Ltd', time_zone: 'UTC', created_at: at, updated_at: at } as never).execute();
    expect(await names('quayside')).toEqual([]);
    expect(await store.db.selectFrom('contact_search_stale').select('contact_id').execute()).toEqual([{ contact_id: 'c3' }]);
    expect(await refreshStaleSearchDocuments(store.db)).toBe(1);
    expect(await names('quayside')).toEqual(['Bulk Loaded']);
    expect(await names('7946')).toEqual(['Bulk Loaded']);
    expect(await names('harbour')).toEqual(['Zoë Brückner']);
    expect(await store.db.selectFrom('contact_search_stale').select('contact_id').execute()).toEqual([]);
  });
});
