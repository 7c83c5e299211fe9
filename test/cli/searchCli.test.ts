import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

interface Hit { id: string; name: string; match?: string | null }

/** Issue 16 item 4: `followthrough search <words>` is the web app's search box, best match first. */
describe('followthrough search', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp({ timeZone: 'Europe/Amsterdam' });
    for (const args of [
      ['Annelies Müller', '--company', 'Harbour Logistics', '--phone', '+31 6 12 34 56 78'],
      ['Bram Harbour', '--company', 'Tidewater'],
      ['Chris Other', '--company', 'Nothing Alike'],
    ]) {
      const added = await sandbox.runAsync('contact', 'add', ...args);
      expect(added.status, added.stderr).toBe(0);
    }
  }, 300_000);

  it('prints ranked hits, a name match first, and where the others matched', () => {
    const run = cli('search', 'harbour');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/ {2}Bram Harbour {2}Tidewater$/);
    expect(lines[1]).toMatch(/ {2}Annelies Müller {2}Harbour Logistics · \+31 6 12 34 56 78$/);
    expect(lines[2]).toBe('    company: Harbour Logistics');
    expect(run.stdout).not.toContain('Chris Other');
  });

  it('matches word starts without accents, and phone fragments, in JSON for scripts', () => {
    const byName = cli('search', 'ann', 'mull', '--json');
    expect(byName.status, byName.stderr).toBe(0);
    expect((JSON.parse(byName.stdout) as Hit[]).map((h) => h.name)).toEqual(['Annelies Müller']);
    const byPhone = cli('search', '0612', '--json');
    expect((JSON.parse(byPhone.stdout) as Hit[]).map((h) => [h.name, h.match])).toEqual([['Annelies Müller', 'phone: +31 6 12 34 56 78']]);
  });

  it('says so when nothing matches, and explains itself with --help', () => {
    expect(cli('search', 'zzyzx').stdout).toBe('No contacts match "zzyzx".\n');
    const help = cli('search', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('best match first');
    expect(help.stdout).toContain('--json');
    expect(cli('search').status).not.toBe(0);
  });
});
