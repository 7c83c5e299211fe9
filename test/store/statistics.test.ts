import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type Store } from '../../src/store/connect.js';
import { refreshStatistics } from '../../src/store/maintenance.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';

const SHADOW_TABLES = ['contact_search_config', 'contact_search_data', 'contact_search_docsize', 'contact_search_idx'];

/**
 * Issue 14, import: statistics stay fresh for the app's tables, and SQLite's FTS5 shadow tables keep
 * the estimate of a table never analyzed: their statistics taken while the index was small made building
 * the search index of a million imported contacts quadratic (bench/RESULTS.md, import linearity).
 */
describe.each(testDialects())('planner statistics on %s', (dialect) => {
  let url: string;
  let store: Store;

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect, { migrated: true });
    store = connect(url);
    if (dialect !== 'sqlite') return;
    const docs = Array.from({ length: 300 }, (_, i) => ({ contact_id: `c${String(i).padStart(4, '0')}`, workspace_id: 'w1', name: `Person ${i}`, company: `Company ${i % 7}` }));
    await store.db.insertInto('contact_search_docs').values(docs).execute();
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  const analyzed = async (): Promise<string[]> => {
    const { rows } = await sql<{ tbl: string }>`SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl`.execute(store.db);
    return rows.map((r) => r.tbl);
  };

  it.runIf(dialect === 'sqlite')('the check itself sees PRAGMA optimize analyze the FTS5 shadow tables', async () => {
    await sql`PRAGMA optimize=0x10002`.execute(store.db);
    expect(await analyzed()).toEqual(expect.arrayContaining(['contact_search_docs', ...SHADOW_TABLES]));
  });

  it.runIf(dialect === 'sqlite')('keeps the tables\' statistics (averages, no samples), and the FTS5 shadow tables\' at SQLite\'s estimate for a table never analyzed', async () => {
    await refreshStatistics(store.db, store.dialect);
    expect(await analyzed()).toContain('contact_search_docs');
    const { rows: shadow } = await sql<{ tbl: string; idx: string | null; stat: string }>`SELECT tbl, idx, stat FROM sqlite_stat1
      WHERE tbl IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY tbl`.execute(store.db);
    expect(shadow).toEqual(SHADOW_TABLES.map((tbl) => ({ tbl, idx: null, stat: '1048576' })));
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_stat4`.execute(store.db);
    expect(rows[0]?.n).toBe(0);
  });

  it.runIf(dialect === 'sqlite')('leaves no STAT4 samples, which made SQLite prepare a statement again on every run', async () => {
    await sql`ANALYZE contact_search_docs`.execute(store.db);
    const before = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_stat4`.execute(store.db);
    expect(Number(before.rows[0]?.n)).toBeGreaterThan(0);
    await refreshStatistics(store.db, store.dialect);
    const after = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_stat4`.execute(store.db);
    expect(Number(after.rows[0]?.n)).toBe(0);
    expect(await analyzed()).toContain('contact_search_docs');
  });

  it.runIf(dialect === 'sqlite')('pins them again after they were analyzed since the last refresh', async () => {
    await refreshStatistics(store.db, store.dialect);
    await sql`ANALYZE contact_search_idx`.execute(store.db);
    await sql`ANALYZE contact_search_data`.execute(store.db);
    const { rows: analyzedShadow } = await sql<{ stat: string }>`SELECT stat FROM sqlite_stat1 WHERE tbl IN ('contact_search_idx', 'contact_search_data')`.execute(store.db);
    expect(analyzedShadow.map((r) => r.stat)).not.toContain('1048576');
    await refreshStatistics(store.db, store.dialect);
    const { rows: shadow } = await sql<{ tbl: string; idx: string | null; stat: string }>`SELECT tbl, idx, stat FROM sqlite_stat1
      WHERE tbl IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY tbl`.execute(store.db);
    expect(shadow).toEqual(SHADOW_TABLES.map((tbl) => ({ tbl, idx: null, stat: '1048576' })));
  });

  it.runIf(dialect === 'sqlite')('the search index still answers, through every refresh', async () => {
    await refreshStatistics(store.db, store.dialect);
    await store.db.insertInto('contact_search_docs').values({ contact_id: 'c9999', workspace_id: 'w1', name: 'Late Person', company: null }).execute();
    await refreshStatistics(store.db, store.dialect);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM contact_search WHERE contact_search MATCH 'person'`.execute(store.db);
    expect(rows[0]?.n).toBe(301);
  });

  it.runIf(dialect === 'postgres')('leaves PostgreSQL\'s statistics to its autovacuum', async () => {
    await expect(refreshStatistics(store.db, store.dialect)).resolves.toBeUndefined();
  });
});
