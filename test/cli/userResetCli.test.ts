import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox();
const cli = sandbox.run;

describe('followthrough user reset (CLI): how an owner who lost their password gets back in', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ email: 'sam@example.com', timeZone: 'Europe/Paris' });
  });

  it('prints a one-time reset link for the email, and refuses an unknown one naming it', () => {
    const run = cli('user', 'reset', 'sam@example.com');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/One-time link for sam@example\.com/);
    expect(run.stdout).toMatch(/\/reset\/[A-Za-z0-9_-]{40,}\n$/);
    const unknown = cli('user', 'reset', 'nobody@example.com');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('nobody@example.com');
  });
});
