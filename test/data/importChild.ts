/**
 * Child process for the crash and memory tests: runs one import and reports.
 *
 *   DATABASE_URL=…  IMPORT_FILE=/tmp/x.csv   [IMPORT_RESUME=<id>] [BATCH_SIZE=500]  node --import tsx test/data/importChild.ts
 *   DATABASE_URL=…  IMPORT_GENERATE=200000   node --import tsx test/data/importChild.ts
 *   DATABASE_URL=…  IMPORT_FILE=/tmp/x.csv   IMPORT_WORKER=1 [LEASE_MS=3000]  node --import tsx test/data/importChild.ts
 *   DATABASE_URL=…  IMPORT_WORKER=claim  node --import tsx test/data/importChild.ts
 *
 * The first two run the import through the service, as the CLI does; with IMPORT_WORKER the file is
 * queued as an upload is, and an import worker in this process claims and runs it; with
 * IMPORT_WORKER=claim a worker runs whatever imports are queued until none is left for a second.
 *
 * Prints `started <id>`, then `committed <processed> <byteOffset> <peakRssBytes> <liveHeapBytes>` after every committed batch, and
 * at the end `done <json>` with the counts, the peak resident memory and the time taken.
 */
import { createReadStream } from 'node:fs';
import { ImportWorker } from '../../src/jobs/importWorker.js';
import { isSetUp, localActor, setup } from '../../src/services/accounts.js';
import type { Actor, ServiceDeps } from '../../src/services/deps.js';
import { createImport, getImport, prepareResume, queueImport, runImport, type ImportSource } from '../../src/services/importContacts.js';
import { connect, migrateToLatest } from '../../src/store/connect.js';
import type { ImportRecord } from '../../src/store/imports.js';
import { GENERATED_HEADER, generatedRow } from './generatedFile.js';

/** The file, made as it is read: nothing of it is ever whole in memory. */
function generatedSource(rows: number): ImportSource {
  return async function* generate() {
    yield Buffer.from(GENERATED_HEADER);
    const perChunk = 256;
    for (let i = 0; i < rows; i += perChunk) {
      let text = '';
      for (let k = i; k < Math.min(rows, i + perChunk); k++) text += generatedRow(k);
      yield Buffer.from(text);
    }
  };
}

/** JS heap still reachable after a full collection (with --expose-gc), else -1: what the import keeps, free of GC timing. */
function liveHeapBytes(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return -1;
  collect();
  return process.memoryUsage().heapUsed;
}

const reportBatch = (r: { processed: number; byteOffset: number }): void => {
  process.stdout.write(`committed ${r.processed} ${r.byteOffset} ${process.resourceUsage().maxRSS * 1024} ${liveHeapBytes()}\n`);
};

/** Queues the file as an upload is queued, and lets an import worker of this process run it. */
async function throughWorker(deps: ServiceDeps, actor: Actor, file: string): Promise<ImportRecord> {
  const queued = await queueImport(deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: file }, createReadStream(file));
  process.stdout.write(`started ${queued.id}\n`);
  const worker = new ImportWorker({
    deps, leaseMs: Number(process.env.LEASE_MS ?? 3000), batchSize: Number(process.env.BATCH_SIZE ?? 1000), pollMs: 50,
    log: (event, detail) => { if (event === 'import.batch') reportBatch(detail as { processed: number; byteOffset: number }); },
  });
  for (;;) {
    const { finished } = await worker.runOnce();
    if (finished) return finished;
    const record = await getImport(deps, actor, queued.id);
    if (record.state === 'done' || record.state === 'failed') return record;
  }
}

/** A worker of this process runs queued imports until none is left for a second; prints `ran <id> <state>` for each. */
async function drainQueue(deps: ServiceDeps): Promise<void> {
  const worker = new ImportWorker({ deps, leaseMs: Number(process.env.LEASE_MS ?? 3000), batchSize: Number(process.env.BATCH_SIZE ?? 1000) });
  for (let idleSince = Date.now(); Date.now() - idleSince < 1000;) {
    const { claimed, finished } = await worker.runOnce();
    if (finished) process.stdout.write(`ran ${finished.id} ${finished.state}\n`);
    if (claimed) idleSince = Date.now();
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const store = connect(databaseUrl);
  await migrateToLatest(store.db);
  const deps: ServiceDeps = { store, clock: Date.now, baseUrl: 'http://127.0.0.1:3000' };
  if (!(await isSetUp(deps))) {
    await setup(deps, { email: 'import@example.com', password: 'import test password', name: 'Import Tester', workspace: 'Imports', timeZone: 'Europe/Berlin' });
  }
  if (process.env.IMPORT_WORKER === 'claim') {
    await drainQueue(deps);
    process.stdout.write('done {}\n');
    await store.close();
    return;
  }
  const actor = await localActor(deps);
  const file = process.env.IMPORT_FILE;
  const generate = Number(process.env.IMPORT_GENERATE ?? 0);
  const startedAt = performance.now();
  let record: ImportRecord;
  if (process.env.IMPORT_WORKER && file) {
    record = await throughWorker(deps, actor, file);
  } else {
    const source: ImportSource = file ? () => createReadStream(file, { highWaterMark: 64 * 1024 }) : generatedSource(generate);
    const resume = process.env.IMPORT_RESUME;
    const id = resume ?? (await createImport(deps, actor, { format: 'csv', dryRun: false, duplicates: 'skip', allowErased: false, sourceName: file ?? 'generated' })).id;
    if (resume) await prepareResume(deps, actor, resume, source);
    process.stdout.write(`started ${id}\n`);
    record = await runImport(deps, actor, id, source, { batchSize: Number(process.env.BATCH_SIZE ?? 1000), onProgress: reportBatch });
  }
  const seconds = (performance.now() - startedAt) / 1000;
  process.stdout.write(`done ${JSON.stringify({
    id: record.id, state: record.state, total: record.total, imported: record.imported, skipped: record.skipped, rejected: record.rejected,
    maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: process.memoryUsage().heapUsed, seconds,
  })}\n`);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
