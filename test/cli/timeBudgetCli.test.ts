import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase } from '../helpers/databases.js';

let databaseUrl: string;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: process.cwd(), encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, DATABASE_URL: databaseUrl, TZ: 'UTC', FORCE_COLOR: '0' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Issue 10 item 6 through the CLI: `log --minutes N` records the time a touch took. */
describe('followthrough log --minutes', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    databaseUrl = await createTestDatabaseUrl('sqlite');
    const setup = cli('setup', '--email', 'sam@acme.example', '--password', 'correct horse battery', '--name', 'Sam Seller', '--workspace', 'Acme', '--time-zone', 'UTC');
    expect(setup.status, setup.stderr).toBe(0);
    const added = cli('contact', 'add', 'Ada Byron', '--time-zone', 'UTC');
    expect(added.status, added.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => { await dropTestDatabase(databaseUrl); });

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
