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
    expect(parseDatabaseUrl(undefined)).toEqual({ dialect: 'sqlite', target: './data/followthrough.db', synchronous: 'full' });
    expect(parseDatabaseUrl('file:/tmp/x.db')).toEqual({ dialect: 'sqlite', target: '/tmp/x.db', synchronous: 'full' });
    expect(parseDatabaseUrl('file:/tmp/x.db?synchronous=normal')).toEqual({ dialect: 'sqlite', target: '/tmp/x.db', synchronous: 'normal' });
    expect(parseDatabaseUrl('file:/tmp/x.db?synchronous=FULL')).toEqual({ dialect: 'sqlite', target: '/tmp/x.db', synchronous: 'full' });
  });

  it('refuses a setting it does not know, naming it', () => {
    expect(() => parseDatabaseUrl('file:/tmp/x.db?synchronous=off')).toThrow(/synchronous must be normal or full \(got "off"\)/);
  });

  async function pragmasOf(url: string): Promise<{ synchronous: number; journalMode: string }> {
    const store = connect(url);
    try {
      const synchronous = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db);
      const journal = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.db);
      return { synchronous: Number(synchronous.rows[0]?.synchronous), journalMode: String(journal.rows[0]?.journal_mode) };
    } finally {
      await store.close();
    }
  }

  it('opens the file in WAL mode with FULL by default (2), NORMAL (1) when asked', async () => {
    expect(await pragmasOf(`file:${join(dir, 'default.db')}`)).toEqual({ synchronous: 2, journalMode: 'wal' });
    expect(await pragmasOf(`file:${join(dir, 'normal.db')}?synchronous=normal`)).toEqual({ synchronous: 1, journalMode: 'wal' });
  });
});
