import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import { ImportExportPage } from './pages/importExport.js';
import {
  closeAll, horizontalOverflow, logIn, OWNER, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

const MEMBER = { email: 'mia@example.com', password: 'member horse battery', name: 'Mia Member' };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 12 finding 8 (roles), in the browser: what a member may not do is not on their screen at
 * all (the erase, delete and export controls, the owner's switches); the owner's screen has them.
 * One browser, logged in as one user after the other.
 */
describe('issue 12 finding 8: roles in the web app', () => {
  let server: E2eServer;
  let browser: Browser;
  let contactId: string;
  let playbookId: string;

  const eraseButton = (page: Page) => page.getByRole('button', { name: 'Delete contact…' });
  const deletePlaybookButton = (page: Page) => page.getByRole('button', { name: 'Delete…' });
  const exportLinks = (page: Page) => page.getByRole('link', { name: /^Download / });
  const memberSwitches = (page: Page) => page.getByTestId('member-permissions');

  async function openContact(page: Page): Promise<void> {
    await new ContactPage(page, server.url).open(contactId);
    await page.getByRole('heading', { name: 'Consent and data' }).waitFor();
    await page.getByRole('heading', { name: 'Consent and data' }).scrollIntoViewIfNeeded(); // where the erase is (or is not)
  }

  async function openPlaybook(page: Page): Promise<void> {
    await page.goto(`${server.url}/#/playbooks/${playbookId}`);
    await page.getByRole('heading', { name: 'Renewal calls', level: 1 }).waitFor();
  }

  async function openSettings(page: Page): Promise<void> {
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
  }

  async function pictures(page: Page, name: string, open: (page: Page) => Promise<void>): Promise<void> {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await open(page);
      expect(await horizontalOverflow(page), `${name} ${size}`).toBe(0);
      await screenshot(page, `roles-${name}-${size}`);
    }
    await page.setViewportSize(DESKTOP);
  }

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    const member = await server.api('POST', '/users', { ...MEMBER, role: 'member' });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Erin Example', timeZone: 'Europe/Paris', email: 'erin@example.com' });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.id;
    const playbook = await server.api<{ id: string }>('POST', '/playbooks', {
      key: 'renewal-calls', name: 'Renewal calls', description: 'One call before renewal', kind: 'service', maxTouches: 4, timeBudgetMinutes: 60, exitOn: ['replied', 'outcome'],
      steps: [{ id: 'first', type: 'call', channel: 'call', title: 'Call about the renewal', script: 'Hi {{contact.firstName}}', wait: { amount: 1, unit: 'business-days' }, branches: {}, next: 'end', estimatedMinutes: 5 }],
    });
    expect(playbook.status, JSON.stringify(playbook.body)).toBe(201);
    playbookId = playbook.body.id;
  });
  afterAll(() => closeAll(browser, server));

  it('a member sees no erase, delete or export controls, and not the owner\'s switches', async () => {
    await logIn(browser.context, server.url, MEMBER.email, MEMBER.password);
    const page = await browser.newPage(DESKTOP);
    const dialogs = watchDialogs(page);

    await openContact(page);
    expect(await page.getByRole('button', { name: 'Opt out…' }).count()).toBe(1); // the section is there, the erase is not
    expect(await eraseButton(page).count()).toBe(0);

    await openPlaybook(page);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(1);
    expect(await deletePlaybookButton(page).count()).toBe(0);

    const data = new ImportExportPage(page, server.url);
    await data.open();
    await page.getByTestId('export-not-allowed').waitFor();
    expect(await exportLinks(page).count()).toBe(0);

    await openSettings(page);
    expect(await memberSwitches(page).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Workspace rules' }).count()).toBe(0);

    await pictures(page, 'contact-member', openContact);
    await pictures(page, 'settings-member', async (p) => {
      await openSettings(p);
      await p.getByRole('heading', { name: 'Workspaces', level: 2 }).scrollIntoViewIfNeeded(); // where the owner's rules and switches would be
    });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('the owner sees them, allows members to erase contacts, and the member then sees that one', async () => {
    await logIn(browser.context, server.url, OWNER.email, OWNER.password);
    const page = await browser.newPage(DESKTOP);
    const dialogs = watchDialogs(page);

    await openContact(page);
    expect(await eraseButton(page).count()).toBe(1);
    await openPlaybook(page);
    expect(await deletePlaybookButton(page).count()).toBe(1);
    await new ImportExportPage(page, server.url).open();
    expect(await exportLinks(page).count()).toBe(4);

    await openSettings(page);
    const switches = memberSwitches(page);
    await switches.getByRole('checkbox').first().waitFor();
    expect(await switches.getByRole('checkbox').count()).toBe(3);
    for (const box of await switches.getByRole('checkbox').all()) expect(await box.isChecked()).toBe(false);
    expect(await seriousViolations(page, '[data-testid="member-permissions"]')).toEqual([]);
    await pictures(page, 'contact-owner', openContact);
    await pictures(page, 'settings-owner', async (p) => {
      await openSettings(p);
      await memberSwitches(p).scrollIntoViewIfNeeded();
    });

    await openSettings(page);
    const erase = memberSwitches(page).getByLabel('Erase contacts and everything about them');
    await erase.check();
    await page.getByText('Members may now erase contacts and everything about them').waitFor();
    expect((await server.api<{ membersMay: { eraseContacts: boolean } }>('GET', '/workspace/settings')).body.membersMay.eraseContacts).toBe(true);
    expect(dialogs).toEqual([]);
    await page.close();

    await logIn(browser.context, server.url, MEMBER.email, MEMBER.password);
    const memberPage = await browser.newPage(DESKTOP);
    await openContact(memberPage);
    expect(await eraseButton(memberPage).count()).toBe(1);
    await openPlaybook(memberPage);
    expect(await deletePlaybookButton(memberPage).count()).toBe(0);
    await memberPage.close();
  });

  it('the owner deletes a workspace playbook from its page, after confirming', async () => {
    await logIn(browser.context, server.url, OWNER.email, OWNER.password);
    const page = await browser.newPage(DESKTOP);
    await openPlaybook(page);
    await deletePlaybookButton(page).click();
    const dialog = page.getByTestId('delete-playbook-dialog');
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await server.api('GET', `/playbooks/${playbookId}`)).status).toBe(200);
    await deletePlaybookButton(page).click();
    await dialog.getByRole('button', { name: 'Delete playbook' }).click();
    await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
    expect((await server.api('GET', `/playbooks/${playbookId}`)).status).toBe(404);
    await page.close();
  });
});
