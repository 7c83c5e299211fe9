import type { ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActor } from '../../src/services/accounts.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { resumeImport } from '../../src/services/importContacts.js';
import { connect, type Store } from '../../src/store/connect.js';
import { findImport } from '../../src/store/imports.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';
import { runChild } from './childProcess.js';

/**
 * "An import is one transaction per batch with a resumable report, so a crash never leaves a
 * silently half-imported file." A child process imports a file and is SIGKILLed mid-way, a second
 * child resumes and is killed too, and the test finishes the import: every good row exactly once,
 * every bad row reported exactly once with its line, every in-file duplicate skipped once.
 */

const ROWS = 24_000;
const BATCH = 500;

interface Expected {
  file: string;
  goodEmails: Set<string>;
  duplicates: number;
  rejectedLines: number[];
}

function buildFile(): Expected {
  const kinds: Array<'good' | 'dup' | 'bad'> = [];
  const lines: string[] = ['Name,Email,Time Zone,Notes'];
  const goodEmails = new Set<string>();
  const rejectedLines: number[] = [];
  let duplicates = 0;
  let line = 2;
  for (let i = 0; i < ROWS; i++) {
    const kind = i % 101 === 50 ? 'bad' : i % 89 === 7 && kinds[i - 1] === 'good' ? 'dup' : 'good';
    kinds.push(kind);
    // Every 50th row has a two-line note: line numbers and row numbers part ways.
    const notes = i % 50 === 0 ? `"first line of ${i}\nsecond line"` : `note ${i}`;
    const email = kind === 'bad' ? `not-an-email-${i}` : kind === 'dup' ? `person${i - 1}@crash.example` : `person${i}@crash.example`;
    lines.push(`Person ${i},${email},America/Chicago,${notes}`);
    if (kind === 'good') goodEmails.add(email);
    if (kind === 'dup') duplicates++;
    if (kind === 'bad') rejectedLines.push(line);
    line += i % 50 === 0 ? 2 : 1;
  }
  return { file: `${lines.join('\n')}\n`, goodEmails, duplicates, rejectedLines };
}

describe.each(testDialects())('SIGKILL mid-import, then resume, on %s', (dialect) => {
  let databaseUrl: string;
  let dir: string;
  let path: string;
  let expected: Expected;
  let store: Store | undefined;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    databaseUrl = await createTestDatabaseUrl(dialect);
    dir = await mkdtemp(join(tmpdir(), 'ft-crash-import-'));
    path = join(dir, 'contacts.csv');
    expected = buildFile();
    await writeFile(path, expected.file);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await store?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses no row and doubles none across two kills and a resume', async () => {
    const env = { DATABASE_URL: databaseUrl, IMPORT_FILE: path, BATCH_SIZE: String(BATCH) };
    const first = await runChild(env, { killAfterBatches: 3 }, children);
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const id = first.importId ?? '';
    expect(id).not.toBe('');

    store = connect(databaseUrl);
    const db = store.db;
    if (dialect === 'sqlite') {
      expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows).toEqual([{ integrity_check: 'ok' }]);
    }
    const afterFirst = await findImportAnyWorkspace(store, id);
    // Killed mid-way: the record says how far it got, and exactly that much is in the database.
    expect(afterFirst.state).toBe('running');
    expect(afterFirst.processed).toBeGreaterThanOrEqual(3 * BATCH);
    expect(afterFirst.processed).toBeLessThan(ROWS);
    expect(afterFirst.processed % BATCH).toBe(0);
    expect(await contactCount(store)).toBe(afterFirst.imported);

    const second = await runChild({ ...env, IMPORT_RESUME: id }, { killAfterBatches: 3 }, children);
    expect(second.signal, second.stderr).toBe('SIGKILL');
    const afterSecond = await findImportAnyWorkspace(store, id);
    expect(afterSecond.processed).toBeGreaterThan(afterFirst.processed);
    expect(afterSecond.processed).toBeLessThan(ROWS);
    expect(await contactCount(store)).toBe(afterSecond.imported);

    const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };
    const actor = await localActor(deps);
    const done = await resumeImport(deps, actor, id, () => createReadStream(path), { batchSize: BATCH });
    expect(done).toMatchObject({
      state: 'done', total: ROWS, processed: ROWS, imported: expected.goodEmails.size, updated: 0,
      skipped: expected.duplicates, rejected: expected.rejectedLines.length, byteOffset: Buffer.byteLength(expected.file),
    });

    const emails = await db.selectFrom('contacts').select('email').where('workspace_id', '=', actor.workspace.id).execute();
    expect(emails).toHaveLength(expected.goodEmails.size);
    expect(new Set(emails.map((e) => e.email))).toEqual(expected.goodEmails);
    const rejections = await db.selectFrom('import_rejections').select(['line', 'reason']).where('import_id', '=', id).orderBy('line').execute();
    expect(rejections.map((r) => Number(r.line))).toEqual(expected.rejectedLines);
    expect(new Set(rejections.map((r) => r.reason))).toEqual(new Set(['email: not a valid email address']));
  }, 180_000);
});

async function findImportAnyWorkspace(store: Store, id: string) {
  const row = await store.db.selectFrom('imports').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow();
  const record = await findImport(store.db, row.workspace_id, id);
  if (!record) throw new Error('import vanished');
  return record;
}

async function contactCount(store: Store): Promise<number> {
  const row = await store.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
