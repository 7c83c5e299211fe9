import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox();
const cli = sandbox.run;

describe('followthrough me (CLI)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ email: 'sam@example.com', timeZone: 'Europe/Paris' });
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
