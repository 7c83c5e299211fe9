import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase, testDialects, type Dialect } from '../helpers/databases.js';
import { runChild } from './childProcess.js';
import { GENERATED_HEADER, generatedRow } from './generatedFile.js';

/**
 * "Streaming: a 1 GB file imports in bounded memory." Shown by growth rather than by a 1 GB file: a
 * child process imports a generated file (made as it is read, ~250 bytes a row) with V8's old space
 * capped at 48 MB, and reports its peak resident memory after every batch. Once warmed up (a
 * quarter of the way in) the peak must stay flat while the other three quarters of the file go by:
 * anything kept per row would grow with them.
 */
// The same size on both: a smaller file makes fixed warm-up noise look like growth.
const ROWS: Record<Dialect, number> = { sqlite: 120_000, postgres: 120_000 };
const HEAP_CAP_MB = 48;

describe.each(testDialects())('import memory on %s', (dialect) => {
  const children = new Set<ChildProcess>();
  let url: string | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (url) await dropTestDatabase(url);
  });

  it('keeps peak memory flat while the file streams by', async () => {
    const rows = ROWS[dialect];
    url = await createTestDatabaseUrl(dialect);
    const run = await runChild({ DATABASE_URL: url, IMPORT_GENERATE: String(rows) }, { nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`], timeoutMs: 150_000 }, children);
    expect(run.code, run.stderr).toBe(0);
    const done = run.done as { maxRssBytes: number; imported: number; seconds: number; state: string };
    expect(done).toMatchObject({ state: 'done', imported: rows });

    const quarter = run.committed.findIndex((processed) => processed >= rows / 4);
    const atQuarter = run.peakRss[quarter] ?? 0;
    const growth = done.maxRssBytes - atQuarter;
    const bytesAfterQuarter = (rows - (run.committed[quarter] ?? 0)) * generatedRow(rows).length;
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024 * 10) / 10;
    console.log(`${dialect}: ${rows} rows (${mb(GENERATED_HEADER.length + rows * generatedRow(rows).length)} MB) in ${done.seconds.toFixed(1)} s ` +
      `(${Math.round(rows / done.seconds)} rows/s); peak RSS ${mb(atQuarter)} MB at a quarter, ${mb(done.maxRssBytes)} MB at the end: ` +
      `+${mb(growth)} MB while ${mb(bytesAfterQuarter)} MB more were imported`);
    expect(growth).toBeLessThan(bytesAfterQuarter / 4);
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  }, 240_000);
});
