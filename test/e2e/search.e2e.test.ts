import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeAll, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** The one search box (issue 16 item 4): `/` focuses it, hits come as you type, arrow keys and Enter open a contact. */
describe('search in the top bar', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser, page } = await startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    for (const contact of [
      { name: 'Annelies Müller', company: 'Harbour Logistics', phone: '+31 6 12 34 56 78' },
      { name: 'Bram Harbour', company: 'Tidewater' },
      { name: 'Chris Nobody', company: 'Elsewhere', notes: 'asked about the harbour tour' },
    ]) expect((await server.api('POST', '/contacts', contact)).status).toBe(201);
  });
  afterAll(() => closeAll(browser, server));

  const box = () => page.getByRole('combobox', { name: 'Search contacts' });
  const hits = () => page.getByRole('listbox', { name: 'Contacts found' });

  it('focuses on /, lists ranked hits as you type, and opens the one chosen with the arrow keys and Enter', async () => {
    await page.goto(`${server.url}/#/`);
    await box().waitFor();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('global-search');
    await page.keyboard.type('harb');
    await hits().getByRole('option', { name: /Bram Harbour/ }).waitFor();
    const options = await hits().getByRole('option').allTextContents();
    expect(options[0]).toContain('Bram Harbour');
    expect(options.slice(0, 3).join('|')).toContain('company: Harbour Logistics');
    expect(options.at(-1)).toContain('All results for “harb” on Contacts');
    expect(await seriousViolations(page, '.topbar')).toEqual([]);
    await screenshot(page, 'search-1280');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await box().getAttribute('aria-activedescendant')).toBe(await hits().getByRole('option').nth(1).getAttribute('id'));
    const second = (await hits().getByRole('option').nth(1).textContent()) ?? '';
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/contacts\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: second.split(' · ')[0]?.split('company:')[0]?.trim() }).waitFor();
  });

  it('finds a phone fragment, closes on Escape, and opens all results on Contacts', async () => {
    await page.goto(`${server.url}/#/`);
    await box().click();
    await box().fill('0612');
    await hits().getByRole('option', { name: /Annelies Müller/ }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => hits().isHidden()).toBe(true);
    await box().fill('nothing like it');
    await hits().getByText('No contact matches “nothing like it” yet.').waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/contacts\?q=nothing/);
  });

  it('fits a phone, the box on its own row', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/`);
    await box().fill('harbour');
    await hits().getByRole('option', { name: /Bram Harbour/ }).waitFor();
    expect((await box().boundingBox())?.width).toBeGreaterThan(300);
    expect(await seriousViolations(page, '.topbar')).toEqual([]);
    await screenshot(page, 'search-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
