import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { ContactsPage } from './pages/contacts.js';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import { closeAll, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const NAME = `${IMG} ${SCRIPT}`;

/** Markup injected into the page: elements that only exist if stored text was parsed as HTML. */
async function injectedMarkup(page: Page): Promise<number> {
  return (await page.evaluate(`document.querySelectorAll('img[src="x"], main script, dialog script').length + [...document.scripts].filter((s) => /alert\\(/.test(s.textContent || '')).length`)) as number;
}

/**
 * Stored HTML and script render as text everywhere. The browser runs with its CSP bypassed, so the
 * only thing keeping the payloads inert is how the app renders them.
 */
describe('stored markup is shown as text', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true }));
  });
  afterAll(() => closeAll(browser, server));

  it('in a name, a note, an agenda and an opportunity, on every page that shows them', async () => {
    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await contacts.create({ name: NAME, company: '<b>Bold Co</b>', timeZone: 'Europe/London', interests: `${IMG}, pricing`, notes: SCRIPT });
    const contact = new ContactPage(page, server.url);
    await contact.heading.waitFor();
    expect(await contact.heading.textContent()).toBe(NAME);
    await page.getByLabel('Open an opportunity').fill(`${IMG} deal`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText(`${IMG} deal`).waitFor();

    await contact.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    expect(await log.root.getByRole('heading').first().textContent()).toBe(`Log outcome: ${NAME}`);
    await log.channel('Phone call');
    await log.result('Connected: we spoke');
    await log.notes(`${SCRIPT} and ${IMG}`);
    await log.root.getByLabel('What changed since last time').fill(IMG);
    await log.outcome('Next step');
    await log.root.getByText('All day: any time that day counts as on time').click();
    await log.nextStep({ date: wallIn(Date.now(), 'Europe/London').date, agenda: SCRIPT, progress: IMG });
    await log.submit();
    await log.result_.waitFor();
    await log.done();

    await contact.timeline.getByText(`${SCRIPT} and ${IMG}`).waitFor();
    await page.getByText(SCRIPT, { exact: true }).first().waitFor(); // the contact's notes

    const today = new TodayPage(page, server.url);
    await today.open();
    const card = today.card(NAME);
    await card.waitFor();
    expect(await card.textContent()).toContain(SCRIPT);
    expect(await (await today.expand(NAME)).locator('.chips').textContent()).toContain(IMG);
    await today.openLog(NAME);
    await log.waitOpen();
    await page.keyboard.press('Escape');

    await contacts.open();
    await contacts.rows.filter({ hasText: NAME }).waitFor();
    await page.goto(`${server.url}/#/pipeline`);
    await page.getByText(`${IMG} deal`).waitFor();
    await page.waitForTimeout(300); // time for any onerror handler to have fired
    expect(await injectedMarkup(page)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('in a playbook template', async (context) => {
    const available = (await server.api('GET', '/playbooks')).status === 200;
    if (!available) {
      console.warn('e2e: skipped the template part: this server has no playbooks API yet (GET /api/v1/playbooks → 404)');
      context.skip();
    }
    // Automated mail must carry the sender's postal address and an opt-out line.
    expect((await server.api('PATCH', '/workspace/settings', { postalAddress: '1 Main St, Springfield' })).status).toBe(200);
    await page.goto(`${server.url}/#/playbooks/new`);
    await page.getByLabel('Name', { exact: true }).first().fill(`${IMG} series`);
    await page.getByRole('button', { name: 'Add a step' }).click();
    const step = page.getByRole('listitem', { name: 'Step 1' });
    await step.getByLabel('Title').fill(SCRIPT);
    await step.getByLabel('Type').selectOption('email');
    await step.getByLabel('Channel').selectOption('email');
    await step.getByLabel('Subject').fill(IMG);
    await step.getByLabel('Email body').fill(`Hi {{contact.firstName}}, ${SCRIPT} ${IMG}\n\n{{sender.postalAddress}}\nUnsubscribe: {{unsubscribeUrl}}`);
    await page.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByRole('heading', { name: `${IMG} series`, level: 1 }).waitFor();
    await page.getByTestId('step').getByText(`Hi {{contact.firstName}}, ${SCRIPT} ${IMG}`).waitFor();
    await page.goto(`${server.url}/#/playbooks`);
    await page.getByRole('link', { name: `${IMG} series` }).waitFor();
    await page.waitForTimeout(300);
    expect(await injectedMarkup(page)).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
