import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

describe('a contact who said no', () => {
  let server: E2eServer;
  let browser: Browser;
  let contactId: string;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    const contact = await server.api<{ id: string }>('POST', '/contacts', {
      name: 'Nora No', timeZone: 'Europe/Paris', email: 'nora@example.com', phone: '+33 1 23 45 67 89', interests: ['payroll'],
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.id;
    const agreed = await server.api('POST', '/follow-ups', { contactId, due: { local: '2030-03-12T16:00' }, channel: 'call', agenda: 'payroll pilot' });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(201);
    expect((await server.api('POST', `/contacts/${contactId}/opt-out`, { reason: 'said no on the phone' })).status).toBe(200);
  });
  afterAll(() => closeAll(browser, server));

  it('offers no way to reach out, and one way to opt them in again, with evidence', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    await profile.doNotContactBanner.waitFor();
    await page.getByTestId('promises').waitFor();
    expect(await profile.outboundControls.count()).toBe(0);
    expect(await profile.optInButtons.count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'contact-do-not-contact');

    // What they send us can still be logged: inbound only.
    await page.getByRole('button', { name: 'Log what they sent' }).click();
    const log = page.getByTestId('log-dialog');
    expect(await log.getByLabel('Direction').inputValue()).toBe('in');
    await log.getByLabel('Channel used').selectOption('email');
    await log.getByLabel('Notes').fill('Asked for a copy of last year\'s invoice');
    await log.getByRole('button', { name: 'Log outcome' }).click();
    await log.getByTestId('log-result').waitFor();
    await log.getByRole('button', { name: 'Done' }).click();
    await profile.timeline.getByText('Asked for a copy of last year').waitFor();
    expect(await profile.outboundControls.count()).toBe(0);

    await profile.optInButtons.click();
    const dialog = page.getByTestId('consent-dialog');
    await dialog.getByRole('button', { name: 'Opt in' }).click();
    await dialog.getByText('Write what they said, in their words if you have them.').waitFor();
    expect(await dialog.getByText('Choose how they told you.').count()).toBe(1);
    expect(await profile.doNotContactBanner.count()).toBe(1); // nothing changed

    await dialog.getByLabel('What they said').fill('Please send me the payroll pricing after all');
    await dialog.getByLabel('How they told you').selectOption({ label: 'On the phone' });
    await dialog.getByRole('button', { name: 'Opt in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await profile.doNotContactBanner.waitFor({ state: 'detached' });
    const consent = page.locator('.danger-zone');
    await consent.getByText('"Please send me the payroll pricing after all" (by phone,', { exact: false }).waitFor();
    // Reachable again: the page offers the ways to reach out once more.
    await page.getByRole('link', { name: 'Call' }).waitFor();
    expect(await page.getByRole('button', { name: 'Email', exact: true }).count()).toBe(1);
    expect(await profile.optInButtons.count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('fits a phone', async () => {
    const other = await server.api<{ id: string }>('POST', '/contacts', { name: 'Omar Out', timeZone: 'Europe/Paris', email: 'omar@example.com', phone: '+33 1 98 76 54 32' });
    expect((await server.api('POST', `/contacts/${other.body.id}/opt-out`, { reason: 'asked us to stop' })).status).toBe(200);
    const page = await browser.newPage({ width: 390, height: 844 });
    const profile = new ContactPage(page, server.url);
    await profile.open(other.body.id);
    await profile.doNotContactBanner.waitFor();
    expect(await profile.outboundControls.count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'contact-do-not-contact-phone');
  });
});
