import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
/** Asynchronous: a blocking spawn would keep the test worker from answering vitest for the CLI's whole start-up. */
const cli = sandbox.runAsync;

/** Issue 10 items 1–3 through the CLI: the same guardrails, said in words. */
describe('guardrails in the CLI', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp();
    const file = join(mkdtempSync(join(tmpdir(), 'guardrails-')), 'contacts.csv');
    writeFileSync(file, 'name,email,timeZone,canBuy\nCarl Cannot,carl@example.com,UTC,no\nNina No,nina@example.com,UTC,unknown\nPete Pester,pete@example.com,UTC,yes\n');
    const imported = await cli('import', file);
    expect(imported.status, imported.stderr).toBe(0);
  }, 300_000);

  it('enroll says the contact cannot buy', async () => {
    const enrolled = await cli('enroll', 'Carl Cannot', 'hard-to-reach');
    expect(enrolled.status, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toMatch(/^Check qualification: This contact cannot buy: following up may be wasted activity\.$/m);
  });

  it('log refuses a touch from you after a no, and still logs what they sent', async () => {
    expect((await cli('log', 'Nina No', '--channel', 'meeting', '--outcome', 'no')).status).toBe(0);
    const refused = await cli('log', 'Nina No', '--channel', 'call', '--result', 'no-answer');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Nina No is marked do-not-contact \(said no\), so a touch from you is not logged/);
    const inbound = await cli('log', 'Nina No', '--channel', 'email', '--direction', 'in', '--result', 'replied', '--outcome', 'no-agreement');
    expect(inbound.status, inbound.stderr).toBe(0);
  });

  it('log warns "Too often" on the fourth unagreed touch in a week', async () => {
    for (let i = 0; i < 3; i += 1) expect((await cli('log', 'Pete Pester', '--channel', 'call', '--result', 'no-answer')).stdout).not.toMatch(/Too often/);
    const fourth = await cli('log', 'Pete Pester', '--channel', 'email');
    expect(fourth.status, fourth.stderr).toBe(0);
    expect(fourth.stdout).toMatch(/^Too often: You have already been in touch 3 times in 7 days without their agreement/m);
  });
});
