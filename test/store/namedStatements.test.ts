import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, migrateToLatest, parseDatabaseUrl, type Store } from '../../src/store/connect.js';
import { prepareStatementsOnce } from '../../src/store/namedStatements.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

/**
 * Issue 14: on PostgreSQL each connection prepares a statement once and then only binds it, instead of
 * the server parsing and planning it on every request — and stays right when another process changes a
 * table under a kept plan.
 */
describe.runIf(testDialects().includes('postgres'))('statements prepared once per connection on postgres', () => {
  let url: string;
  let store: Store;

  beforeAll(async () => {
    url = await createTestDatabaseUrl('postgres');
    store = connect(url);
    await migrateToLatest(store.db);
    await store.db.insertInto('workspaces').values({ id: 'w1', name: 'Acme', time_zone: 'UTC', settings: '{}', created_at: '2026-01-01T00:00:00.000Z' }).execute();
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  const preparedOnThisConnection = async (db: Store['db']): Promise<string[]> => {
    const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db);
    return rows.map((r) => r.statement);
  };
  const workspaceById = (db: Store['db'], id: string) => db.selectFrom('workspaces').selectAll().where('id', '=', id);
  const workspaceName = (db: Store['db'], id: string) => db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', id);

  it('prepares a statement with parameters the first time and binds it after', async () => {
    await store.db.connection().execute(async (db) => {
      const text = workspaceName(db, 'w1').compile().sql;
      expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
      expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
      expect((await preparedOnThisConnection(db)).filter((s) => s === text)).toHaveLength(1);
    });
  });

  it('still runs text without parameters that holds several statements, unprepared', async () => {
    await sql.raw('CREATE TABLE several_a (n int); CREATE TABLE several_b (n int)').execute(store.db);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('several_a', 'several_b')`.execute(store.db);
    expect(Number(rows[0]?.n)).toBe(2);
  });

  it('leaves select * unprepared, so an instance still on the old version answers while a new one adds a column', async () => {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await store.db.connection().execute(async (db) => {
        expect(Object.keys(await workspaceById(db, 'w1').executeTakeFirstOrThrow())).not.toContain('extra_one');
        expect(await preparedOnThisConnection(db)).not.toContain(workspaceById(db, 'w1').compile().sql);
        await other.query('ALTER TABLE workspaces ADD COLUMN extra_one text');
        expect(Object.keys(await workspaceById(db, 'w1').executeTakeFirstOrThrow())).toContain('extra_one');
        const inTransaction = await db.transaction().execute((trx) => workspaceById(trx, 'w1').executeTakeFirstOrThrow());
        expect(Object.keys(inTransaction)).toContain('extra_one');
      });
    } finally {
      await other.end();
    }
  });

  it('when a kept plan goes stale (a column changed type), answers again at once outside a transaction, and inside one fails once and recovers', async () => {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await store.db.connection().execute(async (db) => {
        expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
        await other.query('ALTER TABLE workspaces ALTER COLUMN name TYPE varchar(200)');
        expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });

        await other.query('ALTER TABLE workspaces ALTER COLUMN name TYPE text');
        const inTransaction = db.transaction().execute(async (trx) => {
          await trx.updateTable('workspaces').set({ time_zone: 'Europe/Paris' }).where('id', '=', 'w1').execute();
          return workspaceName(trx, 'w1').executeTakeFirstOrThrow();
        });
        await expect(inTransaction).rejects.toThrow(/cached plan must not change result type/);
        // The transaction rolled back as a whole; the connection has forgotten its plans and answers again.
        expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
        expect(await db.selectFrom('workspaces').select('time_zone').where('id', '=', 'w1').executeTakeFirst()).toEqual({ time_zone: 'UTC' });
      });
    } finally {
      await other.end();
    }
  });

  it('prepares nothing with ?prepare=off (for a pooler that cannot keep prepared statements), which never reaches PostgreSQL', async () => {
    expect(parseDatabaseUrl('postgres://app@db.example/ft?sslmode=disable&prepare=OFF')).toEqual({
      dialect: 'postgres', target: 'postgres://app@db.example/ft?sslmode=disable', prepare: false,
    });
    expect(parseDatabaseUrl('postgres://app@db.example/ft')).toEqual({ dialect: 'postgres', target: 'postgres://app@db.example/ft', prepare: true });
    expect(() => parseDatabaseUrl('postgres://app@db.example/ft?prepare=sometimes')).toThrow(/prepare must be on or off \(got "sometimes"\)/);
    const unprepared = connect(`${url}?prepare=off`);
    try {
      await unprepared.db.connection().execute(async (db) => {
        expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
        expect(await workspaceName(db, 'w1').executeTakeFirst()).toMatchObject({ name: 'Acme' });
        expect(await preparedOnThisConnection(db)).toEqual([]);
      });
    } finally {
      await unprepared.close();
    }
  });

  it('past the limit, further statements are planned each time and still answer', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.on('connect', (client) => prepareStatementsOnce(client, 2));
    try {
      const client = await pool.connect();
      try {
        for (let n = 1; n <= 5; n++) {
          const { rows } = await client.query<{ n: number }>(`SELECT $1::int + ${n} AS n`, [10]);
          expect(rows[0]?.n).toBe(10 + n);
        }
        const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM pg_prepared_statements');
        expect(Number(rows[0]?.count)).toBe(2);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });
});
