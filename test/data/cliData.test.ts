import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;
let dir: string;

describe('followthrough import and export (CLI)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ft-cli-data-'));
    expect(cli('demo', '--contacts', '5').status).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has --help on import and export', () => {
    const help = cli('import', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: followthrough import \[options\] <file>/);
    expect(help.stdout).toMatch(/--dry-run/);
    expect(help.stdout).toMatch(/--duplicates <policy>/);
    expect(cli('export', '--help').stdout).toMatch(/--format <format>.*\n?.*json/);
  });

  it('says what it assumed: a vCard whose TZ is a UTC offset', async () => {
    const file = join(dir, 'offset.vcf');
    await writeFile(file, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat Offset\r\nEMAIL:pat@offset.example\r\nTZ:-08:00\r\nADR;TYPE=WORK:;;1 Market St;San Francisco;CA;94105;USA\r\nEND:VCARD\r\n');
    const run = cli('import', file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 imported/);
    expect(run.stdout).toMatch(/Assumed:\n {2}line 1: time zone assumed America\/Los_Angeles from UTC offset -08:00/);
  });

  it('dry-runs, imports with a summary and the rejected rows, then exports what it imported', async () => {
    const file = join(dir, 'people.csv');
    await writeFile(file, 'Name;Email;Time Zone\nAda Lovelace;ada@cli.example;Europe/London\nBad Zone;zone@cli.example;Mars/Base\n;nameless@cli.example;\n');
    const dry = cli('import', file, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was changed/);
    expect(dry.stdout).toMatch(/1 would be imported/);
    const real = cli('import', file, '--duplicates', 'merge');
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/done: 3 rows read, 3 processed\.\n {2}1 imported, 0 updated, 0 skipped \(duplicates: merge\), 2 rejected\./);
    expect(real.stdout).toMatch(/Rejected rows:\n {2}line 3: timeZone: unknown time zone "Mars\/Base"\n {2}line 4: missing name\n/);

    const out = join(dir, 'contacts.csv');
    const exported = cli('export', '--format', 'contacts.csv', '--out', out);
    expect(exported.status, exported.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/Ada Lovelace,ada@cli\.example,/);
    const json = cli('export');
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { contacts: Array<{ email: string | null }> };
    expect(parsed.contacts.some((c) => c.email === 'ada@cli.example')).toBe(true);
  });

  it('refuses to resume a finished import in one line, with a non-zero exit', async () => {
    const file = join(dir, 'one.csv');
    await writeFile(file, 'Name\nOne\n');
    const first = cli('import', file, '--json');
    expect(first.status, first.stderr).toBe(0);
    const id = (JSON.parse(first.stdout) as { id: string }).id;
    const again = cli('import', file, '--resume', id);
    expect(again.status).not.toBe(0);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already done/);
  });
});
