import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import { OutboxPage } from './pages/outbox.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

const playbook = {
  key: 'intro-mail', name: 'Intro mail', description: 'One automated email.', kind: 'hard-to-reach', maxTouches: 2, timeBudgetMinutes: 30,
  exitOn: ['replied', 'outcome', 'said-no', 'opted-out'],
  steps: [{
    id: 'only', type: 'email', channel: 'email', title: 'Intro', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'end', estimatedMinutes: 5,
    template: { subject: 'Hello {{contact.firstName}}', body: 'Hi {{contact.firstName}},\n\nA short note.\n\n{{sender.postalAddress}}\nUnsubscribe: {{unsubscribeUrl}}' },
  }],
};

describe('the outbox', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    expect((await server.api('PATCH', '/workspace/settings', { postalAddress: 'Acme Sales, 1 Main St, Springfield' })).status).toBe(200);
    const created = await server.api<{ id: string }>('POST', '/playbooks', playbook);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const name of ['Uma Unsure', 'Quinn Queued']) {
      const contact = await server.api<{ id: string }>('POST', '/contacts', { name, timeZone: 'Europe/Paris', email: `${name.split(' ')[0]!.toLowerCase()}@example.com` });
      expect((await server.api('POST', '/enrollments', { contactId: contact.body.id, playbookId: created.body.id })).status).toBe(201);
    }
    // A worker cut off after the SMTP server's answer: the send is `unknown`, for a person to check.
    await server.store.db.updateTable('outbox').set({ status: 'unknown', attempt: 1, last_error: 'worker lost its lease mid-send' })
      .where('to', '=', 'uma@example.com').execute();
  });
  afterAll(() => closeAll(browser, server));

  it('flags a send in doubt on Today and explains it in the outbox, which also lists what is queued', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    await page.goto(`${server.url}/#/`);
    const banner = page.getByRole('status').filter({ hasText: '1 email needs your attention' });
    await banner.waitFor();
    await banner.getByRole('link', { name: 'See the outbox' }).click();

    const outbox = new OutboxPage(page, server.url);
    await outbox.item('Hello Uma').waitFor();
    expect(await outbox.items.count()).toBe(1);
    const unsure = outbox.item('Hello Uma');
    expect(await unsure.textContent()).toMatch(/Unknown.*may or may not have arrived.*never resent/s);
    expect(await unsure.textContent()).toContain('worker lost its lease mid-send');

    await page.getByRole('link', { name: 'Show all' }).click();
    await outbox.item('Hello Quinn').waitFor();
    expect(await outbox.item('Hello Quinn').textContent()).toMatch(/Queued/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'outbox');
    expect(dialogs).toEqual([]);
  });

  it('sends a calendar invitation for an agreed call from the contact page; it shows up in the outbox', async () => {
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Ivy Invite', timeZone: 'America/Los_Angeles', email: 'ivy@example.com' });
    const call = await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { local: '2030-03-12T16:00' }, channel: 'call', agenda: 'pilot scope' });
    expect(call.status).toBe(201);
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(contact.body.id);
    await profile.followUps.first().getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation on its way to ivy@example.com').waitFor();
    const outbox = new OutboxPage(page, server.url);
    await outbox.open();
    await outbox.items.filter({ hasText: 'ivy@example.com' }).first().waitFor();
    expect(await outbox.items.filter({ hasText: 'ivy@example.com' }).first().textContent()).toMatch(/Invitation: call on 2030-03-12 16:00 \(America\/Los_Angeles\).*Queued/s);
  });

  it('fits a 360 px screen', async () => {
    const page = await browser.newPage({ width: 360, height: 740 });
    await new OutboxPage(page, server.url).open();
    await page.getByTestId('outbox-item').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
