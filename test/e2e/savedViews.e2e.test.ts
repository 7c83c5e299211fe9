import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsPage } from './pages/contacts.js';
import { closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

const names = (page: ContactsPage) => page.page.getByTestId('contact-list').locator('.contact-name').allInnerTexts();

describe('saved views', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    for (const [name, tags, company] of [['Vera Vip', ['VIP', 'Berlin'], 'Acme'], ['Victor Vip', ['VIP'], 'Globex'], ['Paula Plain', [], 'Initech']] as const) {
      const made = await server.api('POST', '/contacts', { name, company, tags, timeZone: 'Europe/Berlin' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
  });
  afterAll(() => closeAll(browser, server));

  it('filters by tag, saves the view, and reopens it after a reload', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await page.getByText('Paula Plain').waitFor();
    await page.getByLabel('Tag', { exact: true }).selectOption('VIP');
    // The list is empty for a moment while the filtered one loads: wait for its rows, not for Paula to go.
    await expect.poll(() => names(contacts)).toEqual(['Vera Vip', 'Victor Vip']);
    await page.getByLabel('Sort').selectOption('created');

    await page.getByRole('button', { name: 'Save as view' }).click();
    const dialog = page.getByTestId('view-dialog');
    await dialog.getByLabel('Name').fill('VIPs');
    await dialog.getByLabel(/Share with the workspace/).check();
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'saved-views');

    await page.goto(`${server.url}/#/contacts`);
    await page.reload();
    await page.getByText('Paula Plain').waitFor();
    await page.getByLabel('View', { exact: true }).selectOption({ label: 'VIPs (shared)' });
    await expect.poll(async () => (await names(contacts)).sort()).toEqual(['Vera Vip', 'Victor Vip']);
    expect(await page.getByLabel('Sort').inputValue()).toBe('created');
    await page.getByRole('button', { name: 'Update view' }).waitFor();
    const views = await server.api<{ items: { name: string; shared: boolean; definition: { filters: { tag?: string[] }; sort: string } }[] }>('GET', '/views');
    expect(views.body.items).toEqual([expect.objectContaining({ name: 'VIPs', shared: true, definition: expect.objectContaining({ filters: { tag: ['VIP'] }, sort: 'created' }) })]);
  });

  it('adds and removes tags on the contact page', async () => {
    const made = await server.api<{ id: string }>('POST', '/contacts', { name: 'Tina Tagged', company: 'Umbrella', tags: ['Berlin'], timeZone: 'Europe/Berlin' });
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/contacts/${made.body.id}`);
    const tags = page.getByTestId('contact-tags');
    await tags.getByText('Berlin').waitFor();
    await tags.getByLabel('Add a tag').fill('Trade fair');
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByRole('button', { name: 'Remove tag Trade fair' }).waitFor();
    await tags.getByRole('button', { name: 'Remove tag Berlin' }).click();
    await tags.getByRole('button', { name: 'Remove tag Berlin' }).waitFor({ state: 'detached' });
    expect((await server.api<{ tags: string[] }>('GET', `/contacts/${made.body.id}`)).body.tags).toEqual(['Trade fair']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'contact-tags');
  });

  it('fits a phone', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await page.getByText('Vera Vip').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'saved-views-phone');
  });
});
