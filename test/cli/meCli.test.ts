import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase } from '../helpers/databases.js';

let databaseUrl: string;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: process.cwd(), env: { ...process.env, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' }, encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('followthrough me (CLI)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    databaseUrl = await createTestDatabaseUrl('sqlite');
    const setup = cli('setup', '--email', 'sam@example.com', '--password', 'correct horse battery', '--name', 'Sam Seller', '--workspace', 'Acme', '--time-zone', 'Europe/Paris');
    expect(setup.status, setup.stderr).toBe(0);
  });
  afterAll(async () => {
    await dropTestDatabase(databaseUrl);
  });

  it('has --help on me, me show and me set', () => {
    for (const command of [['me'], ['me', 'show'], ['me', 'set']]) {
      const run = cli(...command, '--help');
      expect(run.status, command.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/Usage: followthrough me/);
    }
    expect(cli('me', 'set', '--help').stdout).toContain('--phone <number>');
  });

  it('shows an empty profile with what that means, then sets the phone number and a signature of several lines', () => {
    const empty = cli('me');
    expect(empty.status, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('Sam Seller <sam@example.com>');
    expect(empty.stdout).toMatch(/Phone: +not set: .*emails that give it wait until you add it/);
    expect(empty.stdout).toContain('Signature: not set: emails are signed "Sam Seller, Acme"');

    const set = cli('me', 'set', '--phone', '+33 1 23 45 67 89', '--signature', 'Sam Seller\\nAcme, Paris');
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toContain('Phone:     +33 1 23 45 67 89');
    const json = JSON.parse(cli('me', 'show', '--json').stdout) as { phone: string; signature: string };
    expect(json).toMatchObject({ phone: '+33 1 23 45 67 89', signature: 'Sam Seller\nAcme, Paris' });

    expect(cli('me', 'set', '--signature', '').status).toBe(0);
    expect(JSON.parse(cli('me', 'show', '--json').stdout)).toMatchObject({ phone: '+33 1 23 45 67 89', signature: null });
  });

  it('refuses a phone number without digits in one sentence naming the field, and changes nothing', () => {
    const refused = cli('me', 'set', '--phone', 'call me maybe');
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/phone number/i);
    expect(refused.stderr).not.toMatch(/regex|invalid_string|Too small/i);
    expect(JSON.parse(cli('me', 'show', '--json').stdout)).toMatchObject({ phone: '+33 1 23 45 67 89' });

    const nothing = cli('me', 'set');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('Give --phone, --signature or both');
  });
});
