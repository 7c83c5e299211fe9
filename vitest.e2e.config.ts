import { defineConfig } from 'vitest/config';

/** Browser tests: a real server per file, driven through Debian's Chromium (see test/e2e/support). */
export default defineConfig({
  test: {
    globalSetup: ['./test/e2e/support/globalSetup.ts'],
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
  },
});
