import { defineConfig } from 'vitest/config';

/**
 * Browser tests whose browser installs the app's service worker. They pass alone and fail when they
 * start beside the other browser suites (the worker never takes the page over), so they run after
 * every other browser test, one file at a time.
 */
const withServiceWorker = ['test/e2e/offline.e2e.test.ts'];

/** Browser tests: a real server per file, driven through Debian's Chromium (see test/e2e/support). */
export default defineConfig({
  test: {
    globalSetup: ['./test/e2e/support/globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
    projects: [
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.e2e.test.ts'], exclude: ['node_modules', ...withServiceWorker] } },
      { extends: true, test: { name: 'service-worker', include: withServiceWorker, sequence: { groupOrder: 1 }, poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
