import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateTo, type Store } from '../../src/store/connect.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/** Migration 026 (issue 16): existing workspaces get the default stages; existing deals go to the stage of their status. */
describe.each(testDialects())('migration 026_deal_stages on %s', (dialect) => {
  let url: string;
  let store: Store;
  const at = '2026-03-02T15:00:00.000Z';

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect);
    store = connect(url);
    await migrateTo(store.db, '025_push');
    const db = store.db;
    await db.insertInto('workspaces').values({ id: 'w1', name: 'Acme', time_zone: 'Europe/London', settings: '{}', created_at: at }).execute();
    await db.insertInto('contacts').values({ id: 'c1', workspace_id: 'w1', name: 'Ada', name_search: 'ada', time_zone: 'UTC', created_at: at, updated_at: at } as never).execute();
    for (const [id, status] of [['open-1', 'open'], ['won-1', 'won'], ['lost-1', 'lost']] as const) {
      await db.insertInto('opportunities').values({ id, workspace_id: 'w1', contact_id: 'c1', owner_id: null, title: id, status, touches: 1, closed_on_touch: null, created_at: at, closed_at: status === 'open' ? null : at } as never).execute();
    }
    await migrateTo(store.db, '026_deal_stages');
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  it('gives the workspace the default stages and puts each deal in the stage of its status', async () => {
    const stages = await store.db.selectFrom('deal_stages').selectAll().where('workspace_id', '=', 'w1').orderBy('position').execute();
    expect(stages.map((s) => [s.name, Number(s.probability), s.kind])).toEqual([
      ['Qualified', 10, 'open'], ['Meeting held', 30, 'open'], ['Proposal sent', 60, 'open'], ['Negotiation', 80, 'open'], ['Won', 100, 'won'], ['Lost', 0, 'lost'],
    ]);
    const deals = await store.db.selectFrom('opportunities').select(['id', 'stage_id', 'currency', 'amount', 'expected_close_date']).orderBy('id').execute();
    const stageName = (id: string | null) => stages.find((s) => s.id === id)?.name;
    expect(deals.map((d) => [d.id, stageName(d.stage_id), d.currency, d.amount, d.expected_close_date])).toEqual([
      ['lost-1', 'Lost', 'EUR', null, null], ['open-1', 'Qualified', 'EUR', null, null], ['won-1', 'Won', 'EUR', null, null],
    ]);
  });
});
