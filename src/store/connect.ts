import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './schema.js';
import { prepareStatementsOnce } from './namedStatements.js';
import { GroupCommitSqliteDialect } from './groupCommit.js';
import { migrations } from './migrations/index.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/**
 * How SQLite syncs a commit: `full` (the default) syncs every commit before the answer, so a power cut
 * loses nothing, at the price of a disk flush per commit (writes that arrive together share one:
 * groupCommit.ts);
 * `normal` survives a crash of the app or the operating system, and a power cut may undo the last commits.
 */
export type SqliteSync = 'normal' | 'full';

/**
 * `DATABASE_URL` forms: unset → ./data/followthrough.db, `file:/path.db[?synchronous=normal]`,
 * `postgres://…[?prepare=off]`. `prepare=off` sends every statement unprepared, for a connection pooler
 * that cannot keep prepared statements (PgBouncer in transaction mode before 1.21, or without
 * max_prepared_statements); the setting is taken out of the URL before it reaches PostgreSQL.
 */
export type DatabaseTarget =
  | { dialect: 'sqlite'; target: string; synchronous: SqliteSync }
  | { dialect: 'postgres'; target: string; prepare: boolean };

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (!url) return { dialect: 'sqlite', target: './data/followthrough.db', synchronous: 'full' };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const parsed = new URL(url);
    const prepare = parsed.searchParams.get('prepare')?.toLowerCase() ?? 'on';
    if (prepare !== 'on' && prepare !== 'off') throw new Error(`DATABASE_URL: prepare must be on or off (got "${prepare}")`);
    if (!parsed.searchParams.has('prepare')) return { dialect: 'postgres', target: url, prepare: true };
    parsed.searchParams.delete('prepare');
    return { dialect: 'postgres', target: parsed.toString(), prepare: prepare === 'on' };
  }
  if (url.startsWith('file:')) {
    const [path = '', query = ''] = url.slice('file:'.length).split('?', 2);
    const synchronous = new URLSearchParams(query).get('synchronous')?.toLowerCase() ?? 'full';
    if (synchronous !== 'normal' && synchronous !== 'full') throw new Error(`DATABASE_URL: synchronous must be normal or full (got "${synchronous}")`);
    return { dialect: 'sqlite', target: path, synchronous };
  }
  throw new Error(`DATABASE_URL must be file:/path/to.db or postgres://… (got "${url.split(':')[0]}:…")`);
}

/**
 * Kysely prepares every query anew; compiling the same SQL again is a good share of a short request.
 * Statements are kept by SQL text (bounded). A statement still busy (an open iterator of a streamed
 * query) is never handed out twice: the caller gets a fresh one. SQLite re-prepares a kept statement
 * by itself when a migration changes the schema.
 */
function cachePreparedStatements(database: SQLite.Database, limit = 500): void {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  const cached = (source: string): SQLite.Statement => {
    const kept = statements.get(source);
    if (kept && !kept.busy) return kept;
    const statement = prepare(source);
    if (!kept) {
      if (statements.size >= limit) statements.delete(statements.keys().next().value ?? '');
      statements.set(source, statement);
    }
    return statement;
  };
  database.prepare = cached as typeof database.prepare;
}

/** The SQLite file as the app opens it: WAL, the chosen sync, foreign keys, a busy wait, kept statements. */
export function openSqliteDatabase(path: string, synchronous: SqliteSync): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  cachePreparedStatements(database);
  return database;
}

function openSqlite(path: string, synchronous: SqliteSync): Kysely<Database> {
  return new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(openSqliteDatabase(path, synchronous)) });
}

function openPostgres(url: string, prepare: boolean): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that dies (server restart, pg_terminate_backend) is reported on the pool; with no
  // listener that 'error' event would crash the process. The pool drops the client and reconnects.
  pool.on('error', () => undefined);
  if (prepare) pool.on('connect', (client) => prepareStatementsOnce(client));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function connect(databaseUrl: string | undefined): Store {
  const target = parseDatabaseUrl(databaseUrl);
  const db = target.dialect === 'sqlite' ? openSqlite(target.target, target.synchronous) : openPostgres(target.target, target.prepare);
  return { db, dialect: target.dialect, close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateToLatest());
}

/** Migrates up (or down) to the named migration: what a test of one migration starts from. */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
