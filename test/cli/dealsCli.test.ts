import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = (...args: string[]) => sandbox.runAsync(...args);

/** Issue 16 item 1: `followthrough deals` prints the board by stage and the weighted forecast. */
describe('followthrough deals', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp();
    const added = await cli('contact', 'add', 'Grace Hopper', '--time-zone', 'UTC');
    expect(added.status, added.stderr).toBe(0);
    const logged = await cli('log', 'Grace Hopper', '--channel', 'meeting', '--outcome', 'next-step', '--next-at', '2099-01-05T10:00', '--agenda', 'pricing');
    expect(logged.status, logged.stderr).toBe(0);
  }, 300_000);

  it('lists every stage with its deals and their next step, then the forecast', async () => {
    const run = await cli('deals');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Qualified \(10%\): 1 deal\n {2}\S+ {2}Grace Hopper — Grace Hopper {2}no amount {2}next: meeting 2099-01-05T10:00\n/);
    expect(run.stdout).toContain('Won (closed in the last 30 days): 0 deals');
    expect(run.stdout).toContain('Forecast (amount × stage probability, by month of expected close):');
    expect(run.stdout).toContain('1 open deal has no expected close date.');
    const json = await cli('deals', '--json', '--months', '2');
    expect((JSON.parse(json.stdout) as { forecast: { months: unknown[] } }).forecast.months).toHaveLength(2);
    const help = await cli('deals', '--help');
    expect(help.stdout).toContain('the pipeline board by stage');
  });
});
