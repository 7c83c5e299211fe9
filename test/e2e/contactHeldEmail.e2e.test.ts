import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue } from '../../src/services/outbox.js';
import { OutboxPage } from './pages/outbox.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

const playbook = {
  key: 'my-number', name: 'My number', description: 'One email that gives my number.', kind: 'hard-to-reach', maxTouches: 2, timeBudgetMinutes: 30,
  exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [{
    id: 'only', type: 'email', channel: 'email', title: 'Intro', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
    template: {
      subject: 'Payroll, {{contact.firstName}}',
      body: 'Hi {{contact.firstName}},\n\nCall me on {{user.phone}} whenever it suits you, or reply with a time?\n\n{{user.signature}}\n\n{{sender.postalAddress}}\nUnsubscribe: {{unsubscribeUrl}}',
    },
  }],
};

describe('a contact\'s email held for your phone number', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    expect((await server.api('PATCH', '/workspace/settings', { postalAddress: 'Acme Sales, 1 Main St, Springfield' })).status).toBe(200);
    const created = await server.api<{ id: string }>('POST', '/playbooks', playbook);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Hana Held', timeZone: 'Europe/London', email: 'hana@example.com' });
    expect((await server.api('POST', '/enrollments', { contactId: contact.body.id, playbookId: created.body.id })).status).toBe(201);
    // The step lands in her reachable hours; bring it to now, as if that time had come.
    const dueNow = new Date(Date.now() - 60_000).toISOString();
    await server.store.db.updateTable('outbox').set({ due_at: dueNow, available_at: dueNow }).where('to', '=', 'hana@example.com').execute();
    // What the worker does when the email comes due: without the phone number it is held, not sent.
    const deps = { store: server.store, clock: Date.now, baseUrl: 'http://127.0.0.1' };
    expect(await claimDue(deps, { limit: 10, leaseMs: 60_000, maxLatenessMs: 86_400_000, serverMailbox: false })).toEqual([]);
  });
  afterAll(() => closeAll(browser, server));

  it('says on Today and in the Outbox why it waits and how to fix it; adding the number in Settings → Profile releases it', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    await page.goto(`${server.url}/#/`);
    const banner = page.getByRole('status').filter({ hasText: '1 email needs your attention' });
    await banner.waitFor();
    await banner.getByRole('link', { name: 'See the outbox' }).click();

    const outbox = new OutboxPage(page, server.url);
    const held = outbox.item('Payroll, Hana');
    await held.waitFor();
    expect(await held.textContent()).toContain('Waiting for you');
    expect(await held.getByTestId('held-reason').textContent()).toBe('Not sent: your phone number is empty — add it in Settings → Profile');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'outbox-held');

    await page.getByRole('link', { name: 'Settings' }).first().click();
    const profile = page.getByTestId('profile-details');
    await profile.waitFor();
    await profile.getByLabel('Your phone number').fill('call me');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByTestId('field-error').waitFor();
    await profile.getByLabel('Your phone number').fill('+44 20 7946 0958');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your profile is saved').waitFor();
    await screenshot(page, 'settings-profile');

    await outbox.open(true);
    await page.getByText('Nothing needs you').waitFor();
    await outbox.open();
    await outbox.item('Payroll, Hana').waitFor();
    expect(await outbox.item('Payroll, Hana').textContent()).toMatch(/Queued/);
    const [row] = await server.store.db.selectFrom('outbox').select(['text', 'held_reason']).where('to', '=', 'hana@example.com').execute();
    expect(row).toMatchObject({ held_reason: null });
    expect(row!.text).toContain('Call me on +44 20 7946 0958 whenever');
    expect(dialogs).toEqual([]);
  });

  it('warns in the playbook editor, as the script is written, that your phone number is empty, and shows the values used', async () => {
    expect((await server.api('PATCH', '/me', { phone: '' })).status).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/playbooks/new`);
    await page.getByRole('heading', { name: 'New playbook' }).waitFor();
    await page.getByRole('button', { name: 'Add a step' }).click();
    const first = page.getByRole('listitem', { name: 'Step 1' });
    await first.getByLabel('Script').fill('Hi {{contact.firstName}}, it is {{user.name}}. You can reach me on {{user.phone}}. Shall we talk on Tuesday?');
    const preview = first.getByTestId('merge-preview');
    await preview.getByText('{{user.phone}}: your phone number is empty — add it in Settings → Profile.', { exact: false }).waitFor();
    await preview.getByText('Values used (3 merge fields)').click();
    expect(await preview.locator('dd').allTextContents()).toEqual(['from each contact', 'Olivia Owner', 'empty (see above)']);
    await screenshot(page, 'playbook-editor-merge-preview');
  });

  it('fits a phone', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/settings`);
    await page.getByTestId('profile-details').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'settings-profile-phone');
  });
});
