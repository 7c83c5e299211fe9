import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ImportExportPage } from './pages/importExport.js';
import { closeAll, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** Custom fields (issue 16 item 2): define one in Settings, set it on a contact, filter the contacts list by it. */
describe('custom fields', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }));
  });
  afterAll(() => closeAll(browser, server));

  const settingsPanel = () => page.getByRole('region', { name: 'Custom fields', exact: true });

  it('defines a field in Settings, sets it on a contact with a checked value, and filters the list by it', async () => {
    await page.goto(`${server.url}/#/settings`);
    const panel = settingsPanel();
    await panel.getByRole('heading', { name: 'Custom fields', exact: true }).waitFor();
    await panel.getByText('No custom fields on contacts yet.').waitFor();
    await panel.getByLabel('Label').fill('Budget');
    expect(await panel.getByLabel('Key').inputValue()).toBe('budget');
    await panel.getByLabel('Type').selectOption('number');
    await panel.getByRole('button', { name: 'Add field' }).click();
    await panel.getByTestId('custom-field').getByText('Budget', { exact: true }).waitFor();
    await panel.getByLabel('Label').fill('Plan');
    await panel.getByLabel('Type').selectOption('choice');
    await panel.getByLabel('Options').fill('Basic\nPro');
    await panel.getByRole('button', { name: 'Add field' }).click();
    await panel.getByTestId('custom-field').nth(1).getByText('Plan', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Move Plan up' }).click();
    await expect.poll(async () => panel.getByTestId('custom-field').first().innerText()).toContain('Plan');
    await panel.scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '[aria-labelledby="custom-fields-title"]')).toEqual([]);
    await screenshot(page, 'custom-fields-settings-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-fields-settings-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    const ana = await server.api<{ id: string }>('POST', '/contacts', { name: 'Ana Souza' });
    expect((await server.api('POST', '/contacts', { name: 'Ben Small', customFields: { budget: 500 } })).status).toBe(201);
    await page.goto(`${server.url}/#/contacts/${ana.body.id}`);
    const fields = page.getByTestId('custom-fields-contact');
    await fields.getByRole('button', { name: 'Edit' }).click();
    await fields.getByLabel('Budget').fill('a lot');
    await fields.getByLabel('Plan').selectOption('Pro');
    await fields.getByRole('button', { name: 'Save' }).click();
    await fields.getByText('Budget must be a number.').first().waitFor();
    await fields.getByLabel('Budget').fill('25000');
    await fields.getByRole('button', { name: 'Save' }).click();
    await fields.getByText('25000').waitFor();
    await fields.getByText('Pro').waitFor();
    expect(await seriousViolations(page, '[data-testid="custom-fields-contact"]')).toEqual([]);
    await fields.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-fields-contact-1280');

    await page.goto(`${server.url}/#/contacts`);
    const list = page.getByTestId('contact-list');
    await list.getByText('Ben Small').waitFor();
    await page.getByLabel('Custom field').selectOption('budget');
    await page.getByLabel('Budget from').fill('1000');
    await page.getByLabel('Budget from').press('Enter');
    await expect.poll(async () => list.locator('.contact-name').allInnerTexts()).toEqual(['Ana Souza']);
    expect(page.url()).toContain('field.budget.from=1000');
    expect(await seriousViolations(page, 'form.filters')).toEqual([]);
    await screenshot(page, 'custom-fields-filter-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'custom-fields-filter-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Custom field').selectOption('plan');
    await page.getByLabel('Plan', { exact: true }).selectOption('Pro');
    await expect.poll(async () => list.locator('.contact-name').allInnerTexts()).toEqual(['Ana Souza']);
    await page.getByLabel('Custom field').selectOption('');
    await expect.poll(async () => list.locator('.contact-name').allInnerTexts()).toEqual(['Ana Souza', 'Ben Small']);
    expect(dialogs).toEqual([]);
  });

  it('shows and edits a deal\'s fields under it, and offers custom fields in the import\'s column mapping', async () => {
    expect((await server.api('POST', '/custom-fields', { entity: 'deal', key: 'seats', label: 'Seats', type: 'number' })).status).toBe(201);
    const cid = await server.api<{ id: string }>('POST', '/contacts', { name: 'Cid Deal' });
    expect((await server.api('POST', '/opportunities', { contactId: cid.body.id, title: 'Team licence', customFields: { seats: 12 } })).status).toBe(201);
    await page.goto(`${server.url}/#/contacts/${cid.body.id}`);
    const deal = page.getByTestId('custom-fields-deal');
    await deal.getByText('12').waitFor();
    await deal.getByRole('button', { name: 'Edit' }).click();
    await deal.getByLabel('Seats').fill('20');
    await deal.getByRole('button', { name: 'Save' }).click();
    await deal.getByText('20').waitFor();
    await deal.scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '[aria-labelledby="opps-title"]')).toEqual([]);
    await screenshot(page, 'custom-fields-deal-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('custom-fields-contact').scrollIntoViewIfNeeded();
    await page.getByTestId('custom-fields-contact').getByRole('heading', { name: 'Fields' }).waitFor();
    await page.waitForTimeout(200);
    await screenshot(page, 'custom-fields-contact-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    const importPage = new ImportExportPage(page, server.url);
    await importPage.open();
    await importPage.chooseFile('people.csv', 'Name,Spend,Plan\nDora Import,1500,basic\n');
    await importPage.summary.waitFor();
    // "Plan" is recognised by its label; "Spend" is chosen by hand.
    expect(await importPage.columnChoice('Plan').inputValue()).toBe('custom.plan');
    await importPage.columnChoice('Spend').selectOption({ label: 'Budget' });
    await page.getByTestId('mapping-row').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-fields-import-1280');
    await importPage.checkFile();
    await importPage.importNow();
    const listed = await server.api<{ items: { name: string; customFields?: Record<string, unknown> }[] }>('GET', '/contacts?field.budget=1500');
    expect(listed.body.items.map((c) => [c.name, c.customFields])).toEqual([['Dora Import', { budget: 1500, plan: 'Basic' }]]);
  });
});
