import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from './databases.js';

describe.runIf(testDialects().includes('postgres'))('test PostgreSQL server', () => {
  it('creates, uses and drops a throwaway database', async () => {
    const url = await createTestDatabaseUrl('postgres');
    const name = new URL(url).pathname.slice(1);
    expect(name).toMatch(/^ft_[0-9a-f]{16}$/);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.query('create table t (id serial primary key, v text not null)');
      await client.query("insert into t (v) values ('x')");
      expect((await client.query('select v from t')).rows).toEqual([{ v: 'x' }]);
    } finally {
      await client.end();
    }

    await dropTestDatabase(url);
    const admin = new pg.Client({ connectionString: process.env.FT_PG_ADMIN_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
