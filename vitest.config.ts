import { defineConfig } from 'vitest/config';

/**
 * Tests whose assertions bound this machine's speed or memory (demo data in under a minute, an
 * import in flat memory). They run in the "slow" project: after every other test and one file at a
 * time, so the rest of the run does not load the machine they measure. `vitest run` (and so
 * `npm test`) runs both projects; `vitest run --project default` leaves them out, `--project slow`
 * runs only them. Browser tests have their own configuration (vitest.e2e.config.ts).
 */
const machineBound = ['test/slow/**/*.test.ts', 'test/data/importMemory.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['./test/helpers/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on SQLite, PostgreSQL, SMTP or IMAP rather than the CPU, so two at a time use a
    // two-core CI machine better than vitest's default of cores − 1.
    maxWorkers: 2,
    minWorkers: 1,
    // A worker keeps the modules it has loaded from one test file to the next: loading the app's
    // modules again for each of ~170 files cost ~300 s of worker time. Tests share no state through
    // them (no module mocks, no stubbed environment; every app, database and server is the file's own).
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['node_modules', 'dist', 'test/e2e/**', ...machineBound],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: machineBound,
          sequence: { groupOrder: 1 },
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
