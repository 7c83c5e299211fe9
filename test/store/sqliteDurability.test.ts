import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, parseDatabaseUrl } from '../../src/store/connect.js';

/**
 * Issue 14 item 2: "saved" must survive a power cut, so SQLite syncs every commit by default
 * (synchronous=FULL, as PostgreSQL does); `?synchronous=normal` is the documented opt-out.
 */
describe('how SQLite syncs a commit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs every commit unless the URL says otherwise', () => {
    expect(parseDatabaseUrl(undefined).synchronous).toBe('full');
    expect(parseDatabaseUrl('file:/tmp/x.db').synchronous).toBe('full');
    expect(parseDatabaseUrl('file:/tmp/x.db?synchronous=normal')).toEqual({ dialect: 'sqlite', target: '/tmp/x.db', synchronous: 'normal' });
    expect(parseDatabaseUrl('file:/tmp/x.db?synchronous=FULL').synchronous).toBe('full');
  });

  it('refuses a setting it does not know, naming it', () => {
    expect(() => parseDatabaseUrl('file:/tmp/x.db?synchronous=off')).toThrow(/synchronous must be normal or full \(got "off"\)/);
  });

  it.each([
    ['file:{dir}/default.db', 2],
    ['file:{dir}/normal.db?synchronous=normal', 1],
  ])('opens %s with PRAGMA synchronous = %i', async (template, expected) => {
    const store = connect(template.replace('{dir}', dir));
    try {
      const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db);
      expect(rows[0]?.synchronous).toBe(expected); // 2 = FULL, 1 = NORMAL
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
    }
  });
});
