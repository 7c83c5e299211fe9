import type { ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS_LEASE_MS } from '../../src/core/import/interruption.js';
import { ImportWorker } from '../../src/jobs/importWorker.js';
import { localActor } from '../../src/services/accounts.js';
import type { Actor } from '../../src/services/deps.js';
import { queueImport, resumeImport } from '../../src/services/importContacts.js';
import { claimImport } from '../../src/services/importQueue.js';
import { findImport } from '../../src/store/imports.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { runChild } from '../data/childProcess.js';

/**
 * Issue 12 finding 7: an import whose process was killed read `running` forever. An import the CLI
 * runs in its own process now holds a lease it renews; once the process is gone and the lease has
 * run out, the import reads `failed` with an error that starts "interrupted:" and says how to
 * resume (the API's states are fixed: running, done, failed). It happens when the import is read
 * and when an import worker starts. An uploaded import, whose file is stored, is taken over by a
 * worker instead.
 */

const ROWS = 4000;
const BATCH = 200;

function csv(tag: string): string {
  const lines = ['Name,Email'];
  for (let i = 0; i < ROWS; i++) lines.push(`Person ${i},${tag}${i}@interrupted.example`);
  return `${lines.join('\n')}\n`;
}

interface Report { state: string; error: string | null; processed: number; imported: number }

describe.each(testDialects())('issue 12 finding 7: an import interrupted by a crash (%s)', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let actor: Actor;
  let dir: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    actor = await localActor(t.deps);
    dir = await mkdtemp(join(tmpdir(), 'ft-interrupted-'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await closeAll(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** `followthrough import` as the CLI runs it (in its own process, reading the file itself), SIGKILLed after two batches. */
  async function killedCliImport(tag: string): Promise<{ id: string; path: string }> {
    const path = join(dir, `${tag}.csv`);
    await writeFile(path, csv(tag));
    const run = await runChild({ DATABASE_URL: t.url, IMPORT_FILE: path, BATCH_SIZE: String(BATCH) }, { killAfterBatches: 2 }, children);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    expect(run.importId).toBeTruthy();
    return { id: run.importId ?? '', path };
  }

  const report = async (id: string) => (await api.get<Report>(`/api/v1/imports/${id}`)).body;

  it('reads running while its lease holds, then failed with "interrupted: … resume with …"; resuming over the API finishes it', async () => {
    const { id, path } = await killedCliImport('api');
    t.clock.nowMs = Date.now();
    // The process might still be alive as far as the server can tell: running.
    expect((await report(id)).state).toBe('running');

    t.clock.nowMs = Date.now() + IN_PROCESS_LEASE_MS + 1000;
    const interrupted = await report(id);
    expect(interrupted.state).toBe('failed');
    expect(interrupted.error).toMatch(/^interrupted: /);
    expect(interrupted.error).toContain(`followthrough import "${path}" --resume ${id}`);
    expect(interrupted.error).toContain(`POST /api/v1/imports/${id}/resume`);
    expect(interrupted.processed).toBeGreaterThanOrEqual(2 * BATCH);
    expect(interrupted.processed).toBeLessThan(ROWS);
    // Stored, not only shown: the record itself says so.
    expect(await findImport(t.store.db, actor.workspace.id, id)).toMatchObject({ state: 'failed', leaseUntil: null });

    const resumed = await t.app.inject({
      method: 'POST', url: `/api/v1/imports/${id}/resume`, payload: await readFile(path),
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' },
    });
    expect(resumed.statusCode, resumed.body).toBe(202);
    let done = await report(id);
    for (let i = 0; i < 400 && done.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      done = await report(id);
    }
    expect(done).toMatchObject({ state: 'done', error: null, processed: ROWS, imported: ROWS });
  }, 120_000);

  it('an import worker starting finds it and marks it interrupted; the CLI\'s --resume finishes it', async () => {
    const { id, path } = await killedCliImport('worker');
    t.clock.nowMs = Date.now() + IN_PROCESS_LEASE_MS + 1000;
    const worker = new ImportWorker({ deps: t.deps, batchSize: BATCH });
    await worker.runOnce();
    const record = await findImport(t.store.db, actor.workspace.id, id);
    expect(record?.state).toBe('failed');
    expect(record?.error).toMatch(new RegExp(`^interrupted: .*--resume ${id}`));

    t.clock.nowMs = Date.now();
    const done = await resumeImport(t.deps, actor, id, () => createReadStream(path), { batchSize: BATCH });
    expect(done).toMatchObject({ state: 'done', processed: ROWS, imported: ROWS, error: null });
  }, 120_000);

  it('an uploaded import whose worker died is not interrupted: a worker takes it over after the lease', async () => {
    t.clock.nowMs = Date.now();
    const queued = await queueImport(t.deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: 'upload.csv' },
      (async function* body() { yield Buffer.from(csv('upload')); })());
    // Claimed by a worker that then dies without a word.
    const claimed = await claimImport(t.deps, { leaseMs: 1000, id: queued.id });
    expect(claimed?.state).toBe('running');
    t.clock.advance(5000);
    expect((await report(queued.id)).state).toBe('running');
    const next = await new ImportWorker({ deps: t.deps, batchSize: 1000 }).runOnce();
    expect(next.finished).toMatchObject({ id: queued.id, state: 'done', imported: ROWS });
  });
});
