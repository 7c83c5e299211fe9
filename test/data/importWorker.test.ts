import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportWorker } from '../../src/jobs/importWorker.js';
import { localActor } from '../../src/services/accounts.js';
import type { Actor, ServiceDeps } from '../../src/services/deps.js';
import { getImport, queueImport } from '../../src/services/importContacts.js';
import { connect, migrateToLatest, type Store } from '../../src/store/connect.js';
import { findImport } from '../../src/store/imports.js';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';
import { runChild } from './childProcess.js';

/**
 * Imports are claimed by workers the way outbox rows are: several workers on one database run each
 * queued import exactly once, and a worker killed mid-import leaves it to another, which continues
 * after the last committed batch once the dead worker's lease has run out.
 */

const LEASE_MS = 3000;

/** Rows every 37th of which is refused; every 50th has a note spanning two lines. */
function csvFile(rows: number, tag: string): { text: string; good: number; rejectedLines: number[] } {
  const lines = ['Name,Email,Notes'];
  const rejectedLines: number[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    const bad = i % 37 === 36;
    lines.push(`Person ${i},${bad ? `not-an-email-${i}` : `${tag}x${i}@worker.example`},${i % 50 === 0 ? `"two\nlines"` : `note ${i}`}`);
    if (bad) rejectedLines.push(line);
    line += i % 50 === 0 ? 2 : 1;
  }
  return { text: `${lines.join('\n')}\n`, good: rows - rejectedLines.length, rejectedLines };
}

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

async function contactsLike(store: Store, tag: string): Promise<string[]> {
  const rows = await store.db.selectFrom('contacts').select('email').where('email', 'like', `${tag}%`).execute();
  return rows.map((r) => r.email ?? '');
}

describe.each(testDialects())('import workers on %s', (dialect) => {
  let url: string;
  let dir: string;
  // Two connections to one database, as two instances have. (Two SQLite connections cannot share one
  // thread: a busy wait blocks the other. The SQLite workers in this process share one connection;
  // those in two processes, below, have one each.)
  let storeA: Store;
  let storeB: Store;
  let depsA: ServiceDeps;
  let depsB: ServiceDeps;
  let actor: Actor;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    url = await createTestDatabaseUrl(dialect);
    dir = await mkdtemp(join(tmpdir(), 'ft-import-worker-'));
    storeA = connect(url);
    await migrateToLatest(storeA.db);
    storeB = dialect === 'sqlite' ? storeA : connect(url);
    depsA = { store: storeA, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };
    depsB = { store: storeB, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };
    const { setup } = await import('../../src/services/accounts.js');
    await setup(depsA, { email: 'workers@example.com', password: 'worker test password', name: 'Wendy Worker', workspace: 'Workers', timeZone: 'Europe/Berlin' });
    actor = await localActor(depsA);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await storeA?.close();
    if (storeB !== storeA) await storeB?.close();
    if (url) await dropTestDatabase(url);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const queue = (tag: string, rows: number) => {
    const file = csvFile(rows, tag);
    return queueImport(depsA, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: `${tag}.csv` }, bytesOf(file.text))
      .then((record) => ({ record, file }));
  };

  it('two workers claiming the same queued import: exactly one runs it', async () => {
    const { record, file } = await queue('pair', 1500);
    expect((await getImport(depsA, actor, record.id)).state).toBe('queued');
    const a = new ImportWorker({ deps: depsA, leaseMs: LEASE_MS, batchSize: 200 });
    const b = new ImportWorker({ deps: depsB, leaseMs: LEASE_MS, batchSize: 200 });
    const [ranA, ranB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect([ranA.claimed, ranB.claimed].filter(Boolean)).toHaveLength(1);
    const done = await getImport(depsA, actor, record.id);
    expect(done).toMatchObject({ state: 'done', attempt: 1, total: 1500, imported: file.good, rejected: file.rejectedLines.length, storedBytes: null });
    const emails = await contactsLike(storeA, 'pairx');
    expect(emails).toHaveLength(file.good);
    expect(new Set(emails).size).toBe(file.good);
    // The stored file is gone with the import's end.
    expect(await storeA.db.selectFrom('import_file_chunks').select('seq').where('import_id', '=', record.id).execute()).toEqual([]);
  });

  it('two running workers share a queue of imports, each import run once', async () => {
    const queued = await Promise.all(['q0', 'q1', 'q2', 'q3', 'q4'].map((tag) => queue(tag, 300)));
    const a = new ImportWorker({ deps: depsA, leaseMs: LEASE_MS, pollMs: 20, batchSize: 50 });
    const b = new ImportWorker({ deps: depsB, leaseMs: LEASE_MS, pollMs: 20, batchSize: 50 });
    a.start();
    b.start();
    try {
      for (const { record } of queued) {
        for (let i = 0; i < 500 && (await getImport(depsA, actor, record.id)).state !== 'done'; i++) await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const [index, { record, file }] of queued.entries()) {
      expect(await getImport(depsA, actor, record.id)).toMatchObject({ state: 'done', attempt: 1, processed: 300, imported: file.good });
      expect(new Set(await contactsLike(storeA, `q${index}x`)).size).toBe(file.good);
    }
  });

  it('two worker processes drain one queue: every import run once, by one of them', async () => {
    const queued = await Promise.all(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].map((tag) => queue(tag, 400)));
    const env = { DATABASE_URL: url, IMPORT_WORKER: 'claim', BATCH_SIZE: '100', LEASE_MS: String(LEASE_MS) };
    const runs = await Promise.all([runChild(env, {}, children), runChild(env, {}, children)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    for (const [index, { record, file }] of queued.entries()) {
      expect(await getImport(depsA, actor, record.id)).toMatchObject({ state: 'done', attempt: 1, processed: 400, imported: file.good });
      const emails = await contactsLike(storeA, `p${index}x`);
      expect(emails).toHaveLength(file.good);
      expect(new Set(emails).size).toBe(file.good);
    }
  }, 120_000);

  it('a worker that stops hands its import back, queued, and the next one continues it', async () => {
    const { record, file } = await queue('stop', 6000);
    let batches = 0;
    let stopping: Promise<void> | null = null;
    const first = new ImportWorker({
      deps: depsA, leaseMs: LEASE_MS, pollMs: 20, batchSize: 200,
      log: (event) => { if (event === 'import.batch' && ++batches === 2) stopping = first.stop(); },
    });
    first.start();
    for (let i = 0; i < 500 && !stopping; i++) await new Promise((r) => setTimeout(r, 10));
    await stopping;
    const handedBack = await getImport(depsA, actor, record.id);
    expect(handedBack).toMatchObject({ state: 'queued', attempt: 1, leaseUntil: null });
    expect(handedBack.processed).toBeGreaterThanOrEqual(400);
    expect(handedBack.processed).toBeLessThan(6000);
    const next = await new ImportWorker({ deps: depsB, leaseMs: LEASE_MS, batchSize: 1000 }).runOnce();
    expect(next.finished).toMatchObject({ state: 'done', attempt: 2, processed: 6000, imported: file.good });
    expect(new Set(await contactsLike(storeA, 'stopx')).size).toBe(file.good);
  });

  it('a worker killed mid-import: another takes it over once the lease has run out, and no row is lost or doubled', async () => {
    const file = csvFile(12_000, 'kill');
    const path = join(dir, 'kill.csv');
    await writeFile(path, file.text);
    const run = await runChild({ DATABASE_URL: url, IMPORT_FILE: path, IMPORT_WORKER: '1', BATCH_SIZE: '500', LEASE_MS: String(LEASE_MS) }, { killAfterBatches: 3 }, children);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const id = run.importId ?? '';
    const killed = await findImport(storeA.db, actor.workspace.id, id);
    expect(killed).toMatchObject({ state: 'running', attempt: 1 });
    expect(killed?.processed).toBeGreaterThanOrEqual(1500);
    expect(killed?.processed).toBeLessThan(12_000);
    expect(await contactsLike(storeA, 'killx')).toHaveLength(killed?.imported ?? -1);

    // While the dead worker's lease holds, nobody takes the import.
    const successor = new ImportWorker({ deps: depsB, leaseMs: LEASE_MS, batchSize: 500 });
    expect((await successor.runOnce()).claimed).toBe(false);
    const started = Date.now();
    let ran = await successor.runOnce();
    while (!ran.claimed && Date.now() - started < 3 * LEASE_MS) {
      await new Promise((r) => setTimeout(r, 100));
      ran = await successor.runOnce();
    }
    expect(ran.claimed).toBe(true);
    expect(ran.finished).toMatchObject({
      state: 'done', attempt: 2, total: 12_000, processed: 12_000, imported: file.good, rejected: file.rejectedLines.length, byteOffset: Buffer.byteLength(file.text),
    });
    const emails = await contactsLike(storeA, 'killx');
    expect(emails).toHaveLength(file.good);
    expect(new Set(emails).size).toBe(file.good);
    const rejections = await storeA.db.selectFrom('import_rejections').select('line').where('import_id', '=', id).orderBy('line').execute();
    expect(rejections.map((r) => Number(r.line))).toEqual(file.rejectedLines);
  }, 120_000);
});
