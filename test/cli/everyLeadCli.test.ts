import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/connect.js';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox();
const cli = sandbox.run;

/** Issue 10 items 5 and 7 in the CLI: `followthrough contacts --next-step none|stalled --silent`. */
describe('followthrough contacts --next-step / --silent (CLI)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ email: 'sam@example.com', timeZone: 'Europe/London' });
    for (const name of ['Ada Quiet', 'Ben Planned']) expect(cli('contact', 'add', name, '--time-zone', 'Europe/London').status).toBe(0);
    const enrolled = cli('enroll', 'Ben Planned', 'referral');
    expect(enrolled.status, enrolled.stderr).toBe(0);
    // Ada was added in the spring and never touched since: longer than a prospect's 30 days.
    const store = connect(sandbox.databaseUrl);
    await store.db.updateTable('contacts').set({ created_at: '2026-03-02T09:00:00.000Z' }).where('name', '=', 'Ada Quiet').execute();
    await store.close();
  });

  it('--next-step none lists only the contacts with nothing planned, saying so', () => {
    const run = cli('contacts', '--next-step', 'none');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Ada Quiet');
    expect(run.stdout).toContain('no next step');
    expect(run.stdout).not.toContain('Ben Planned');
    expect(cli('contacts', '--next-step', 'stalled').stdout).toBe('No contacts match.\n');
  });

  it('--silent lists the contacts untouched too long, with the day the silence began in words', () => {
    const run = cli('contacts', '--silent');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Ada Quiet');
    expect(run.stdout).toContain('silent since Mon 2 Mar');
    expect(run.stdout).not.toContain('Ben Planned');
    const json = JSON.parse(cli('contacts', '--silent', '--json').stdout) as { items: { name: string; silent: boolean }[] };
    expect(json.items.map((c) => c.name)).toEqual(['Ada Quiet']);
  });

  it('refuses a --next-step it does not know, naming the choices', () => {
    const run = cli('contacts', '--next-step', 'someday');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/none, stalled/);
  });
});
