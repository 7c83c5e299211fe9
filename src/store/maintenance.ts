import { sql } from 'kysely';
import type { DialectName } from './connect.js';
import type { Db } from './db.js';

/**
 * Keeps the query planner's statistics fresh. SQLite's go stale as tables grow (statistics gathered
 * at a thousand contacts make duplicate lookups scan at a hundred thousand): `PRAGMA optimize`
 * re-analyzes the tables whose size changed enough, with an analysis limit so it stays quick.
 * PostgreSQL's autovacuum does this by itself.
 */
export async function refreshStatistics(db: Db, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql`PRAGMA optimize=0x10002`.execute(db);
}
