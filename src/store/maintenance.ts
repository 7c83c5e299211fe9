import { sql } from 'kysely';
import type { DialectName } from './connect.js';
import type { Db } from './db.js';

const SHADOW_TABLES = sql`SELECT name FROM pragma_table_list WHERE type = 'shadow'`;
/** SQLite's own row estimate for a table with no statistics. */
const NEVER_ANALYZED_ROWS = 1_048_576;

/**
 * Keeps the query planner's statistics fresh. SQLite's go stale as tables grow (statistics gathered
 * at a thousand contacts make duplicate lookups scan at a hundred thousand): `PRAGMA optimize`
 * re-analyzes the tables whose size changed enough, with an analysis limit so it stays quick.
 * PostgreSQL's autovacuum does this by itself.
 *
 * SQLite's FTS5 shadow tables (the search index's own storage) keep SQLite's estimate for a table never
 * analyzed: FTS5 reads them by key, and a row count taken while the index was small made its merges scan
 * as it grew, so writing the search documents of a 1,000,000-row import took 73 times those of 100,000
 * (issue 14). Their rows are replaced, not deleted: a connection keeps a table's last loaded row count
 * when its row disappears from sqlite_stat1.
 */
export async function refreshStatistics(db: Db, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.transaction().execute(async (trx) => {
    await sql`PRAGMA optimize=0x10002`.execute(trx);
    const kept = await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4')`.execute(trx);
    if (!kept.rows.some((t) => t.name === 'sqlite_stat1')) return;
    // better-sqlite3's SQLite is built with STAT4, and with its samples present a statement whose plan a
    // bound value could change is prepared again on every run (better-sqlite3 binds anew each time):
    // the touch context of a log took 162 µs instead of 73, a token's lookup 50 instead of 13. Every hot
    // query looks rows up by id, where averages (sqlite_stat1) choose the same indexes.
    const samples = kept.rows.some((t) => t.name === 'sqlite_stat4') ? Number((await sql`DELETE FROM sqlite_stat4`.execute(trx)).numAffectedRows ?? 0) : 0;
    if (samples === 0 && (await shadowTablesPinned(trx))) return;
    await sql`DELETE FROM sqlite_stat1 WHERE tbl IN (${SHADOW_TABLES})`.execute(trx);
    await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) SELECT name, NULL, ${String(NEVER_ANALYZED_ROWS)} FROM (${SHADOW_TABLES})`.execute(trx);
    // Makes this connection's planner take the rows just written.
    await sql`ANALYZE sqlite_schema`.execute(trx);
  });
}

/**
 * True while every shadow table still has just the estimate written above: PRAGMA optimize left them
 * alone, so rewriting it and reloading every statistic (which makes the connection prepare its
 * statements again) would only repeat the last refresh.
 */
async function shadowTablesPinned(db: Db): Promise<boolean> {
  const { rows } = await sql<{ tables: number; pinned: number; others: number }>`SELECT
    (SELECT count(*) FROM (${SHADOW_TABLES})) AS tables,
    (SELECT count(*) FROM sqlite_stat1 WHERE tbl IN (${SHADOW_TABLES}) AND idx IS NULL AND stat = ${String(NEVER_ANALYZED_ROWS)}) AS pinned,
    (SELECT count(*) FROM sqlite_stat1 WHERE tbl IN (${SHADOW_TABLES}) AND (idx IS NOT NULL OR stat <> ${String(NEVER_ANALYZED_ROWS)})) AS others`.execute(db);
  const counts = rows[0];
  return counts !== undefined && counts.others === 0 && counts.pinned === counts.tables;
}
