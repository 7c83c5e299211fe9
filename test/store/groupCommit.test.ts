import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/connect.js';
import { GroupCommitSqliteDialect } from '../../src/store/groupCommit.js';

interface Tables {
  notes: { id: Generated<number>; text: string };
  children: { id: Generated<number>; parent: number };
}

/**
 * Issue 14 item 2: SQLite commits several writes with one flush to disk (src/store/groupCommit.ts).
 * SQLite only: PostgreSQL groups its own commits. Each check reads through a second connection, which
 * sees only what is committed: what a restart after a power cut would find.
 */
describe('SQLite group commit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-group-commit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let path: string;
  let database: SQLite.Database;
  let db: Kysely<Tables>;
  let commits: number;
  let disk: SQLite.Database;

  beforeEach(async () => {
    path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    database = openSqliteDatabase(path, 'full');
    database.exec(`create table notes (id integer primary key, text text not null);
      create table children (id integer primary key, parent integer not null references notes (id) deferrable initially deferred);
      create trigger undo_all before insert on notes when new.text = 'undo everything' begin select raise(rollback, 'undone by trigger'); end;`);
    commits = 0;
    const prepare = database.prepare.bind(database);
    database.prepare = ((source: string) => {
      if (source === 'commit') commits++;
      return prepare(source);
    }) as typeof database.prepare;
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(database) });
    disk = new SQLite(path, { readonly: true });
  });
  afterEach(async () => {
    disk.close();
    await db.destroy();
  });

  const onDisk = (): string[] => (disk.prepare('select text from notes order by id').all() as Array<{ text: string }>).map((r) => r.text);
  const write = (text: string) => db.transaction().execute(async (trx) => {
    await trx.insertInto('notes').values({ text }).execute();
  });

  it('answers each write only once it is committed, and commits many writes with fewer flushes', async () => {
    const seenWhenAnswered: boolean[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => write(`note ${i}`).then(() => {
      seenWhenAnswered.push(onDisk().includes(`note ${i}`));
    })));
    expect(seenWhenAnswered).toEqual(Array.from({ length: 20 }, () => true));
    expect(onDisk()).toHaveLength(20);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(20);
  });

  it('commits a lone write at once, in its own turn of the event loop', async () => {
    await write('alone');
    expect(onDisk()).toEqual(['alone']);
    expect(commits).toBe(1);
    await write('again');
    expect(onDisk()).toEqual(['alone', 'again']);
    expect(commits).toBe(2);
  });

  it('rolls a failing write back alone; the others in its group are kept', async () => {
    const results = await Promise.allSettled([
      write('first'),
      db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ text: 'half done' }).execute();
        throw new Error('the second write fails');
      }),
      write('third'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(onDisk()).toEqual(['first', 'third']);
  });

  it('rolls back a failing first write of a group, which ran without a savepoint; the writes after it are kept', async () => {
    const results = await Promise.allSettled([
      db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ text: 'half done' }).execute();
        throw new Error('the first write fails');
      }),
      write('second'),
      write('third'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(onDisk()).toEqual(['second', 'third']);
    expect(database.inTransaction).toBe(false);
  });

  it('answers a read made while a group is open only after that group is on disk', async () => {
    let rowsOnDiskWhenRead: string[] = [];
    await Promise.all([
      write('written'),
      db.selectFrom('notes').select('text').execute().then((rows) => {
        expect(rows.map((r) => r.text)).toEqual(['written']);
        rowsOnDiskWhenRead = onDisk();
      }),
    ]);
    expect(rowsOnDiskWhenRead).toEqual(['written']);
  });

  it('tells every write in the group when the commit fails, and keeps none of them', async () => {
    const results = await Promise.allSettled([
      write('kept only if all commit'),
      // A deferred foreign key is checked at COMMIT: this one breaks the commit of its whole group.
      db.transaction().execute(async (trx) => {
        await trx.insertInto('children').values({ parent: 999 }).execute();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(onDisk()).toEqual([]);
    expect(database.inTransaction).toBe(false);
    await write('the next write works');
    expect(onDisk()).toEqual(['the next write works']);
  });

  it('tells the waiting writes when SQLite undoes the whole transaction, and the next write works', async () => {
    const results = await Promise.allSettled([write('waiting'), write('undo everything')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/undid this write together with another/);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/undone by trigger/);
    expect(onDisk()).toEqual([]);
    await write('after');
    expect(onDisk()).toEqual(['after']);
  });

  it('runs statements outside a transaction as before when no group is open', async () => {
    await db.insertInto('notes').values({ text: 'autocommit' }).execute();
    expect(onDisk()).toEqual(['autocommit']);
    expect(commits).toBe(0);
    await sql`select 1`.execute(db);
  });

  it('commits an open group on close before closing', async () => {
    let finish = (): void => undefined;
    let started = (): void => undefined;
    const inside = new Promise<void>((resolve) => { started = resolve; });
    const pending = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ text: 'just before close' }).execute();
      started();
      await new Promise<void>((resolve) => { finish = resolve; });
    });
    await inside;
    const closing = db.destroy();
    finish();
    await Promise.all([pending, closing]);
    expect(onDisk()).toEqual(['just before close']);
    db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(openSqliteDatabase(path, 'full')) });
  });
});
