import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import { LogDialog } from './pages/logDialog.js';
import { PlaybooksPage } from './pages/playbooks.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

/** Issue 10 item 1: the unqualified warning is said before work is confirmed, from the contact's own fields. */
describe('planning work for a contact who cannot buy', () => {
  let server: E2eServer;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    for (const [key, fields] of Object.entries({
      cannot: { name: 'Carl Cannot', canBuy: 'no' },
      passing: { name: 'Pat Passing', interest: 'passing' },
      qualified: { name: 'Quinn Qualified', interest: 'real', canBuy: 'yes' },
      pestered: { name: 'Pete Pester', interest: 'real', canBuy: 'yes' },
    })) {
      const created = await server.api<{ id: string }>('POST', '/contacts', { timeZone: 'Europe/Paris', email: `${key}@example.com`, phone: '+33 1 23 45 67 89', ...fields });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key] = created.body.id;
    }
  });
  afterAll(() => closeAll(browser, server));

  it('the schedule dialog says it before Schedule is clicked, and scheduling still goes ahead', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    const profile = new ContactPage(page, server.url);
    await profile.open(ids.cannot ?? '');
    await page.getByRole('button', { name: 'Schedule follow-up' }).click();
    const dialog = page.getByTestId('schedule-dialog');
    const warning = dialog.getByTestId('qualification-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toBe('Check qualification: This contact cannot buy: following up may be wasted activity. You can still go ahead.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'guardrails-schedule-unqualified');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await profile.followUps.first().waitFor();
    expect(dialogs).toEqual([]);
  });

  it('the enrol dialog says it before Enrol is clicked, on the contact page and when the contact is chosen', async () => {
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(ids.passing ?? '');
    // The contact page's protocol says it too, in the same words: one rule.
    await profile.protocol.getByText('This contact has only a passing interest: following up may be wasted activity.').waitFor();
    await page.getByRole('button', { name: 'Enrol in playbook' }).click();
    const dialog = page.getByTestId('enrol-dialog');
    await dialog.getByTestId('qualification-warning').getByText('This contact has only a passing interest').waitFor();
    await screenshot(page, 'guardrails-enrol-unqualified');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    const playbooks = new PlaybooksPage(page, server.url);
    await playbooks.open();
    await playbooks.playbooks.first().getByRole('button', { name: 'Enrol a contact' }).click();
    const chooser = page.getByTestId('enrol-dialog');
    await chooser.getByLabel('Find a contact').fill('Quinn');
    await chooser.getByLabel('Contact', { exact: true }).locator('option', { hasText: 'Quinn Qualified' }).waitFor({ state: 'attached' });
    await chooser.getByLabel('Contact', { exact: true }).selectOption({ label: 'Quinn Qualified' });
    expect(await chooser.getByTestId('qualification-warning').count()).toBe(0);
    await chooser.getByLabel('Find a contact').fill('Carl');
    await chooser.getByLabel('Contact', { exact: true }).locator('option', { hasText: 'Carl Cannot' }).waitFor({ state: 'attached' });
    await chooser.getByLabel('Contact', { exact: true }).selectOption({ label: 'Carl Cannot' });
    await chooser.getByTestId('qualification-warning').getByText('This contact cannot buy').waitFor();
  });

  it('a qualified contact gets no warning, and the dialogs fit a phone', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    const profile = new ContactPage(page, server.url);
    await profile.open(ids.qualified ?? '');
    await page.getByRole('button', { name: 'Schedule follow-up' }).click();
    const dialog = page.getByTestId('schedule-dialog');
    await dialog.getByRole('button', { name: 'Schedule' }).waitFor();
    expect(await dialog.getByTestId('qualification-warning').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await profile.open(ids.cannot ?? '');
    await page.getByRole('button', { name: 'Schedule follow-up' }).click();
    await dialog.getByTestId('qualification-warning').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'guardrails-schedule-unqualified-phone');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Enrol in playbook' }).click();
    const enrol = page.getByTestId('enrol-dialog');
    const warning = enrol.getByTestId('qualification-warning');
    await warning.waitFor();
    await warning.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'guardrails-enrol-unqualified-phone');
  });

  /** Issue 10 item 3: the log dialog says it is too often, after three unagreed touches this week. */
  it('logging a fourth unagreed touch in a week says "Too often"', async () => {
    for (let i = 0; i < 3; i += 1) {
      const logged = await server.api('POST', '/interactions', { contactId: ids.pestered, channel: 'call', result: 'no-answer' });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    }
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(ids.pestered ?? '');
    await profile.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Email');
    await log.submit();
    await log.warning('pestering').waitFor();
    expect(await log.warning('pestering').innerText()).toMatch(/^Too often: You have already been in touch 3 times in 7 days without their agreement/);
    await screenshot(page, 'guardrails-log-pestering');
  });
});
