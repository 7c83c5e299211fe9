import { sql } from 'kysely';
import type { DialectName } from './connect.js';
import { compiledOnce } from './compiledOnce.js';
import type { Db } from './db.js';

/**
 * Where a workspace's agenda data stands (migration 020): on SQLite its version number, on PostgreSQL
 * the snapshot this read sees. Read it before the data it stands for: a write landing in between
 * then only makes the cached copy look older than it is, never newer.
 */
export async function agendaDataMark(db: Db, dialect: DialectName, workspaceId: string): Promise<string> {
  if (dialect === 'postgres') {
    const [row] = await postgresSnapshot(db);
    return row?.mark ?? '';
  }
  const [row] = await sqliteVersion(db, workspaceId);
  return String(row?.version ?? 0);
}

/**
 * Whether any write to the workspace's agenda data has committed since `mark` was read, and where the
 * data stands now (`current`), read by the same statement: the new mark when the kept copy is out of date.
 */
export async function agendaDataSince(db: Db, dialect: DialectName, workspaceId: string, mark: string): Promise<{ unchanged: boolean; current: string }> {
  if (dialect === 'postgres') {
    const [row] = await postgresChangesSince(db, workspaceId, mark);
    return { unchanged: row?.changed === false, current: row?.mark ?? '' };
  }
  const current = await agendaDataMark(db, dialect, workspaceId);
  return { unchanged: current === mark, current };
}

// Every kept agenda asks one of these: compiled once (store/compiledOnce).
const postgresSnapshot = compiledOnce((_db: Db) => sql<{ mark: string }>`SELECT pg_current_snapshot()::text AS mark`);
const sqliteVersion = compiledOnce((db: Db, workspaceId: string) => db.selectFrom('agenda_versions').select('version').where('workspace_id', '=', workspaceId));
// The snapshot is taken before the changes are read, in the same statement: a mark read before the data.
const postgresChangesSince = compiledOnce((_db: Db, workspaceId: string, mark: string) => sql<{ mark: string; changed: boolean }>`SELECT pg_current_snapshot()::text AS mark,
  EXISTS (SELECT 1 FROM agenda_changes
    WHERE workspace_id = ${workspaceId} AND xid >= pg_snapshot_xmin(${mark}::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, ${mark}::pg_snapshot)) AS changed`);

/**
 * PostgreSQL's change rows are needed only while a cached agenda read before them may still be used
 * (a minute at most); older ones go.
 */
export async function pruneAgendaChanges(db: Db, dialect: DialectName, olderThanIso: string): Promise<number> {
  if (dialect !== 'postgres') return 0;
  const result = await sql`DELETE FROM agenda_changes WHERE changed_at < ${olderThanIso}::timestamptz`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
