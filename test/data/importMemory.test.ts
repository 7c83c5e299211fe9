import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase, testDialects } from '../helpers/databases.js';
import { runChild } from './childProcess.js';
import { GENERATED_HEADER, generatedRow } from './generatedFile.js';

/**
 * "Streaming: a 1 GB file imports in bounded memory." Shown by growth rather than by a 1 GB file: a
 * child process imports a generated file (made as it is read, ~250 bytes a row) with V8's old space
 * capped, and after every committed batch reports the JS heap still live after a forced full
 * collection, and its peak resident memory. Once warmed up (a quarter of the way in) the live heap
 * must stay flat while the other three quarters go by: anything kept per row — even one small string —
 * would grow with them. Live heap after GC is measured rather than RSS alone because RSS also moves
 * with when V8 chooses to collect (up to the heap cap), which made an RSS-only bound flaky; RSS keeps a
 * looser bound for native memory (SQLite's page cache, the pg driver's buffers).
 */
const ROWS = 120_000;
const HEAP_CAP_MB = 48;
const MB = 1024 * 1024;

describe.each(testDialects())('import memory on %s', (dialect) => {
  const children = new Set<ChildProcess>();
  let url: string | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (url) await dropTestDatabase(url);
  });

  it('keeps the live heap and peak memory flat while the file streams by', async () => {
    url = await createTestDatabaseUrl(dialect);
    const run = await runChild(
      { DATABASE_URL: url, IMPORT_GENERATE: String(ROWS) },
      { nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`, '--expose-gc'], timeoutMs: 180_000 }, children,
    );
    expect(run.code, run.stderr).toBe(0);
    const done = run.done as { maxRssBytes: number; imported: number; seconds: number; state: string };
    expect(done).toMatchObject({ state: 'done', imported: ROWS });

    const quarter = run.committed.findIndex((processed) => processed >= ROWS / 4);
    const heapAtQuarter = run.liveHeap[quarter] ?? 0;
    const heapAfter = run.liveHeap.slice(quarter);
    const heapGrowth = Math.max(...heapAfter) - heapAtQuarter;
    const rssGrowth = done.maxRssBytes - (run.peakRss[quarter] ?? 0);
    const rowsAfterQuarter = ROWS - (run.committed[quarter] ?? 0);
    const bytesAfterQuarter = rowsAfterQuarter * generatedRow(ROWS).length;
    const mb = (bytes: number) => Math.round(bytes / MB * 10) / 10;
    console.log(`${dialect}: ${ROWS} rows (${mb(GENERATED_HEADER.length + ROWS * generatedRow(ROWS).length)} MB) in ${done.seconds.toFixed(1)} s; ` +
      `live heap ${mb(heapAtQuarter)} MB at a quarter, at most ${mb(heapAtQuarter + heapGrowth)} MB after; ` +
      `peak RSS +${mb(rssGrowth)} MB while ${mb(bytesAfterQuarter)} MB more were imported`);
    expect(heapAtQuarter).toBeGreaterThan(0);
    // Keeping even one short string a row (≥ 16 bytes with its reference) would cross this bound.
    expect(heapGrowth).toBeLessThan(rowsAfterQuarter * 16);
    expect(rssGrowth).toBeLessThan(16 * MB);
  }, 240_000);
});
