import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compiledInsert, compiledOnce } from '../../src/store/compiledOnce.js';
import { connect, type Store } from '../../src/store/connect.js';
import type { Db } from '../../src/store/db.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/** Issue 14: a hot query is built and compiled by Kysely once, then only given its values. */
describe.each(testDialects())('queries compiled once on %s', (dialect) => {
  let url: string;
  let store: Store;

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect, { migrated: true });
    store = connect(url);
    const at = '2026-01-01T00:00:00.000Z';
    await store.db.insertInto('workspaces').values([
      { id: 'w1', name: 'Acme', time_zone: 'UTC', settings: '{}', created_at: at },
      { id: 'w2', name: 'Beta', time_zone: 'Europe/Lisbon', settings: '{}', created_at: at },
      { id: 'w3', name: 'Acme', time_zone: 'Asia/Tokyo', settings: '{}', created_at: '2026-02-01T00:00:00.000Z' },
    ]).execute();
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  const built = (db: Db, name: string, since: string) => db.selectFrom('workspaces').select(['id', 'time_zone'])
    .where('name', '=', name).where('created_at', '>=', since).where('settings', '=', '{}').orderBy('id');

  it('gives each call its own values and keeps the constants the query was written with', async () => {
    const byName = compiledOnce(built);
    for (const [name, since] of [['Acme', '2000-01-01'], ['Acme', '2026-01-15'], ['Beta', '2000-01-01'], ['Nobody', '2000-01-01']] as const) {
      expect(await byName(store.db, name, since)).toEqual(await built(store.db, name, since).execute());
    }
    expect((await byName(store.db, 'Acme', '2000-01-01')).map((r) => r.id)).toEqual(['w1', 'w3']);
  });

  it('runs inside a transaction, seeing its own writes, and a rolled-back write is gone after', async () => {
    const byName = compiledOnce(built);
    await expect(store.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values({ id: 'w4', name: 'Gamma', time_zone: 'UTC', settings: '{}', created_at: '2026-03-01T00:00:00.000Z' }).execute();
      expect(await byName(trx, 'Gamma', '2000-01-01')).toEqual([{ id: 'w4', time_zone: 'UTC' }]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await byName(store.db, 'Gamma', '2000-01-01')).toEqual([]);
  });

  it('builds the query every time on a database with a plugin, which must see each query built', async () => {
    const seen: string[] = [];
    const watching = store.db.withPlugin({
      transformQuery: (args) => { seen.push(args.node.kind); return args.node; },
      transformResult: async (args) => args.result,
    });
    const byName = compiledOnce(built);
    expect(await byName(store.db, 'Beta', '2000-01-01')).toEqual([{ id: 'w2', time_zone: 'Europe/Lisbon' }]);
    expect(await byName(watching, 'Acme', '2026-01-15')).toEqual([{ id: 'w3', time_zone: 'Asia/Tokyo' }]);
    expect(await byName(watching, 'Beta', '2000-01-01')).toEqual([{ id: 'w2', time_zone: 'Europe/Lisbon' }]);
    expect(seen).toEqual(['SelectQueryNode', 'SelectQueryNode']);
  });

  it('compiles a query written in SQL as well', async () => {
    const zoneOf = compiledOnce((_db: Db, id: string) => sql<{ time_zone: string }>`SELECT time_zone FROM workspaces WHERE id = ${id}`);
    expect(await zoneOf(store.db, 'w2')).toEqual([{ time_zone: 'Europe/Lisbon' }]);
    expect(await zoneOf(store.db, 'w3')).toEqual([{ time_zone: 'Asia/Tokyo' }]);
  });

  it('inserts rows through an insert compiled once for their columns', async () => {
    const insertWorkspace = compiledInsert('workspaces');
    const at = '2026-04-01T00:00:00.000Z';
    await insertWorkspace(store.db, { id: 'w5', name: 'Delta', time_zone: 'UTC', settings: '{}', created_at: at });
    await insertWorkspace(store.db, { id: 'w6', name: 'Epsilon', time_zone: 'America/Chicago', settings: '{"a":1}', created_at: at });
    // The same columns in another order are another statement, with each value in its own column.
    await insertWorkspace(store.db, { created_at: at, settings: '{}', time_zone: 'Asia/Kolkata', name: 'Zeta', id: 'w7' });
    expect(await store.db.selectFrom('workspaces').select(['id', 'name', 'time_zone', 'settings']).where('id', 'in', ['w5', 'w6', 'w7']).orderBy('id').execute()).toEqual([
      { id: 'w5', name: 'Delta', time_zone: 'UTC', settings: '{}' },
      { id: 'w6', name: 'Epsilon', time_zone: 'America/Chicago', settings: '{"a":1}' },
      { id: 'w7', name: 'Zeta', time_zone: 'Asia/Kolkata', settings: '{}' },
    ]);
  });

  it('refuses, naming the query, a value that is not bound as a parameter', async () => {
    const ignoresItsValue = compiledOnce((db: Db, _name: string) => db.selectFrom('workspaces').select('id').where('name', '=', 'Acme'));
    await expect(ignoresItsValue(store.db, 'Beta')).rejects.toThrow(/value 0 is not bound as a parameter of select "id" from "workspaces"/);
  });
});
