import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { copySqliteTemplate, postgresTemplateName } from './migratedTemplate.js';
import { quoteIdent, withClient } from './pgAdmin.js';

export type Dialect = 'sqlite' | 'postgres';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

const isDialect = (s: string): s is Dialect => (DIALECTS as readonly string[]).includes(s);

/** Dialects to test, from DIALECTS (comma list); default: all. */
export function testDialects(): Dialect[] {
  const raw = process.env.DIALECTS?.trim();
  if (!raw) return [...DIALECTS];
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !isDialect(n));
  if (unknown.length) throw new Error(`DIALECTS: unknown dialect(s) ${unknown.join(', ')}; expected ${DIALECTS.join(', ')}`);
  return [...new Set(names.filter(isDialect))];
}

function adminUrl(): string {
  const url = process.env.FT_PG_ADMIN_URL;
  if (!url) {
    throw new Error(
      'FT_PG_ADMIN_URL is not set: add test/helpers/globalSetup.ts to test.globalSetup in vitest.config.ts ' +
        '(or point FT_PG_ADMIN_URL at a PostgreSQL superuser URL).',
    );
  }
  return url;
}


/**
 * A fresh database: `file:<tmp>/test.db` for sqlite, a new `ft_<hex>` database for postgres. Empty, or
 * with `migrated`, already holding every migration (copied from a template migrated once).
 */
export async function createTestDatabaseUrl(dialect: Dialect, options: { migrated?: boolean } = {}): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'ft-sqlite-'));
    const file = join(dir, 'test.db');
    if (options.migrated) await copySqliteTemplate(file);
    return `file:${file}`;
  }
  const admin = adminUrl();
  const name = `ft_${randomBytes(8).toString('hex')}`;
  const template = options.migrated ? ` TEMPLATE ${quoteIdent(await postgresTemplateName(admin))}` : '';
  await withClient(admin, async (c) => {
    const { rows } = await c.query<{ server_version_num: string }>('SHOW server_version_num');
    // FILE_COPY (PostgreSQL >= 15) is ~2x faster than the default WAL_LOG for many small parallel creates.
    const strategy = Number(rows[0]?.server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await c.query(`CREATE DATABASE ${quoteIdent(name)}${template}${strategy}`);
  });
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Best effort: never throws. */
export async function dropTestDatabase(url: string): Promise<void> {
  try {
    if (url.startsWith('file:')) {
      const file = url.slice('file:'.length);
      await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(file + s, { force: true })));
      await rmdir(dirname(file)).catch(() => undefined); // only succeeds if we emptied our temp dir
      return;
    }
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    if (!name || name === 'postgres') return;
    target.pathname = '/postgres';
    // FORCE terminates remaining connections (e.g. a pool the test forgot to close); needs PostgreSQL >= 13.
    await withClient(target.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  } catch (err) {
    console.warn(`dropTestDatabase(${url}) failed: ${(err as Error).message}`);
  }
}
