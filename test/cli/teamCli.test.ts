import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

/** Issue 16 item 5: `followthrough team` prints the manager's view. */
describe('followthrough team', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ timeZone: 'Europe/London' });
    const added = await sandbox.runAsync('contact', 'add', 'Amy Archer', '--company', 'Archer & Sons');
    expect(added.status, added.stderr).toBe(0);
  }, 300_000);

  it('prints the table, a row per salesperson', () => {
    const run = cli('team');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Promises due \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(Europe\/London\)/);
    expect(lines[2]).toMatch(/^Salesperson\s+Due\s+Open\s+Late\s+Kept\s+Consistent\s+Stalled\s+No next step\s+Touches$/);
    // The owner alone: one contact with nothing planned.
    expect(lines[4]).toMatch(/\s+0\s+0\s+0\s+–\s+–\s+0\s+1\s+0$/);
    expect(lines).toHaveLength(5);
  });

  it('answers in JSON for scripts, and names a bad date', () => {
    const run = cli('team', '--json', '--from', '2026-03-02', '--to', '2026-03-08');
    expect(run.status, run.stderr).toBe(0);
    const view = JSON.parse(run.stdout) as { scope: string; period: { from: string; to: string }; members: Array<{ noNextStep: number }> };
    expect(view.scope).toBe('team');
    expect(view.period).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
    expect(view.members.map((m) => m.noNextStep)).toEqual([1]);
    const bad = cli('team', '--from', '2026-02-30');
    expect(bad.status).toBe(2);
    expect(bad.stderr.toLowerCase()).toContain('from');
  });

  it('explains itself with --help', () => {
    const help = cli('team', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('touches this week');
    expect(help.stdout).toContain('--json');
  });
});
