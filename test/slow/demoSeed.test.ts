import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seedDemo.js';
import { localActor } from '../../src/services/accounts.js';
import { startTestAppWithOwner, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

/**
 * "Demo data in under a minute": a bound on this machine's speed, so it runs in the slow project
 * (vitest.config.ts), after the other tests and alone, where a loaded machine does not make it
 * flaky. What the demo data holds is shown by src/demo/seedDemo.test.ts.
 */
describe.each(testDialects())('seeding the demo on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => { ({ t } = await startTestAppWithOwner(dialect, { at: '2026-03-02T15:00:00Z' })); });
  afterAll(() => closeAll(t));

  it('seeds 300 contacts with their history in under 60 s', async () => {
    const started = performance.now();
    const summary = await seedDemo(t.deps, await localActor(t.deps), { seed: 7 });
    const seconds = (performance.now() - started) / 1000;
    console.info(`[demo ${dialect}] 300 contacts in ${seconds.toFixed(2)} s`);
    expect(summary.contacts).toBe(300);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
