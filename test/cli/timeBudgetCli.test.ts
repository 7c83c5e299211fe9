import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

/** Issue 10 item 6 through the CLI: `log --minutes N` records the time a touch took. */
describe('followthrough log --minutes', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp();
    const added = cli('contact', 'add', 'Ada Byron', '--time-zone', 'UTC');
    expect(added.status, added.stderr).toBe(0);
  }, 300_000);

  it('records the minutes given, and the channel\'s usual time without them', () => {
    const given = cli('log', 'Ada Byron', '--channel', 'letter', '--minutes', '25', '--json');
    expect(given.status, given.stderr).toBe(0);
    expect((JSON.parse(given.stdout) as { interaction: { minutes: number } }).interaction.minutes).toBe(25);
    const usual = cli('log', 'Ada Byron', '--channel', 'call', '--result', 'no-answer', '--json');
    expect((JSON.parse(usual.stdout) as { interaction: { minutes: number } }).interaction.minutes).toBe(10);
  });

  it('refuses minutes that are not a number in one line naming the field, and logs nothing', () => {
    const bad = cli('log', 'Ada Byron', '--channel', 'call', '--result', 'no-answer', '--minutes', 'ten');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/minutes/i);
  });
});
