import { beforeAll, describe, expect, it } from 'vitest';
import { useCliSandbox } from '../helpers/cli.js';

const sandbox = useCliSandbox({ env: { TZ: 'UTC' } });
const cli = sandbox.run;

/** Issue 10 item 4 through the CLI: a yes makes a customer, with the purchase date, and names the after-sale playbooks. */
describe('followthrough log --outcome yes', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await sandbox.setUp();
    const added = cli('contact', 'add', 'Grace Hopper', '--time-zone', 'UTC');
    expect(added.status, added.stderr).toBe(0);
  }, 300_000);

  it('records the purchase date, makes them a customer and says which playbooks to enrol them in, and how', () => {
    const logged = cli('log', 'Grace Hopper', '--channel', 'call', '--result', 'connected', '--outcome', 'yes', '--purchase-date', '2026-03-05');
    expect(logged.status, logged.stderr).toBe(0);
    expect(logged.stdout).toContain('Enrol them in Service check-in: followthrough enroll <contact> service-check-in');
    expect(logged.stdout).toContain('Enrol them in Thank-you anniversary: followthrough enroll <contact> thank-you');
    const contacts = cli('contacts', 'Grace', '--json');
    expect(contacts.status, contacts.stderr).toBe(0);
    const [grace] = (JSON.parse(contacts.stdout) as { items: { relationship: string; purchaseDate: string | null; customerSince: string | null }[] }).items;
    expect(grace).toMatchObject({ relationship: 'customer', purchaseDate: '2026-03-05', customerSince: new Date().toISOString().slice(0, 10) });
  });
});
