import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, migrateToLatest } from '../../src/store/connect.js';
import { quoteIdent, withClient } from './pgAdmin.js';

/**
 * Migrating a fresh database costs ~0.15 s on SQLite and 0.5–1 s on PostgreSQL, and the suite makes
 * hundreds of them: each test app's database is copied from one migrated once instead. A template is
 * named after the migrations' own text (their folder, index included), so one built from other
 * migrations is never used and a copy needs no migrating.
 */
const MIGRATIONS = resolve(import.meta.dirname, '../../src/store/migrations');

let fingerprint: string | undefined;
function migrationsFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS).sort()) hash.update(name).update(readFileSync(join(MIGRATIONS, name)));
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}

let sqliteTemplate: Promise<string> | undefined;

/**
 * The migrated SQLite file, one per set of migrations in the temp folder, shared by workers and runs:
 * a worker that finds none migrates a file of its own and renames it into place (rename is atomic;
 * two workers racing write the same thing). Kept, not cleaned up: a worker is killed, not exited, at
 * the end of a run, and the next run starts from it.
 */
function sqliteTemplateFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = join(tmpdir(), `ft-sqlite-template-${migrationsFingerprint()}.db`);
    if (existsSync(file)) return file;
    const dir = await mkdtemp(join(tmpdir(), 'ft-sqlite-template-'));
    try {
      const building = join(dir, 'template.db');
      const store = connect(`file:${building}`);
      try {
        await migrateToLatest(store.db);
      } finally {
        await store.close(); // the last connection's close checkpoints the WAL into the file
      }
      await rename(building, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return file;
  })();
  return sqliteTemplate;
}

/** A copy of the migrated SQLite template at `file`. */
export async function copySqliteTemplate(file: string): Promise<void> {
  const template = await sqliteTemplateFile();
  await copyFile(template, file);
}

let postgresTemplate: Promise<string> | undefined;

/**
 * The name of the test server's migrated template database, built once per server under an advisory
 * lock (the workers race for it), under a temporary name renamed only when complete.
 */
export function postgresTemplateName(adminUrl: string): Promise<string> {
  postgresTemplate ??= buildPostgresTemplate(adminUrl);
  return postgresTemplate;
}

async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `ft_template_${migrationsFingerprint()}`;
  return withClient(adminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await client.query(`CREATE DATABASE ${quoteIdent(building)}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const store = connect(url.toString());
      try {
        await migrateToLatest(store.db);
      } finally {
        await store.close();
      }
      await client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      return name;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    }
  });
}
