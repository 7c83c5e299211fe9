import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

/** Today with demo data: loading it, reading it, moving through it by keyboard, accessibility and small screens. */
describe('Today with demo data', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true }));
  });
  afterAll(() => closeAll(browser, server));

  it('loads demo data from the empty workspace and shows overdue promises first, each with its context', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    const started = Date.now();
    // The server shares this process, so seeding (synchronous SQLite) also holds up the test's own timers.
    await today.loadDemoButton.click({ timeout: 120_000 });
    await today.cards.first().waitFor({ timeout: 120_000 });
    console.log(`e2e: demo data loaded and Today rendered in ${Date.now() - started} ms`);

    const overdue = await today.overdueCards.count();
    const dueToday = await today.todayCards.count();
    expect(overdue + dueToday).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(0);
    expect(dueToday).toBeGreaterThan(0);
    // Overdue section comes before today's, and every overdue card says so.
    const order = await page.evaluate(`[...document.querySelectorAll('[data-testid=overdue-list], [data-testid=today-list]')].map((e) => e.dataset.testid)`);
    expect(order).toEqual(['overdue-list', 'today-list']);
    for (const card of await today.overdueCards.all()) expect(await card.locator('.badge', { hasText: 'Overdue' }).count()).toBe(1);

    // Each row: the user's time, a touch number and one action to log; its context: an opener and a checklist.
    const first = today.todayCards.first();
    expect(await first.getByTestId('card-times').textContent()).toMatch(/\d{2}:\d{2} your time/);
    expect(await first.locator('.badge', { hasText: /^Touch #\d+$/ }).count()).toBe(1);
    expect(await first.getByRole('button', { name: 'Log outcome' }).count()).toBe(1);
    await first.getByTestId('row-toggle').click();
    expect((await first.locator('.opener').textContent())?.length).toBeGreaterThan(20);
    expect(await first.locator('.checklist li').count()).toBeGreaterThanOrEqual(4);
    // Contacts in other zones show their own local time beside the user's.
    expect(await page.locator('.time-theirs', { hasText: /their time in / }).count()).toBeGreaterThan(0);
    // Click-to-call and mail links.
    expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href^="mailto:"]').count()).toBeGreaterThan(0);

    // Times on today's list never go backwards.
    const dueAts = await today.todayCards.evaluateAll((cards) => cards.map((c) => c.querySelector('[data-testid=card-times] strong')?.textContent ?? ''));
    expect(dueAts.length).toBe(dueToday);
    await screenshot(page, 'today');
    // The pictures in docs/web.md (copied from test/e2e/artifacts to docs/screenshots by hand).
    await page.setViewportSize({ width: 1280, height: 800 });
    await today.open();
    await today.cards.first().waitFor();
    await screenshot(page, 'today-desktop');
    const phone = await browser.newPage({ width: 390, height: 844 });
    const onPhone = new TodayPage(phone, server.url);
    await onPhone.open();
    await onPhone.cards.first().waitFor();
    await screenshot(phone, 'today-phone');
    await phone.close();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('asks for the agenda once, while the session is still loading, not after it', async () => {
    const events: string[] = [];
    const api = (url: string) => new URL(url).pathname.replace(/^\/api\/v1/, '');
    const onRequest = (r: { url(): string }) => events.push(`ask ${api(r.url())}`);
    const onAnswer = (r: { url(): string }) => events.push(`got ${api(r.url())}`);
    await page.goto('about:blank');
    page.on('request', onRequest);
    page.on('requestfinished', onAnswer);
    try {
      await page.goto(`${server.url}/#/`);
      await new TodayPage(page, server.url).cards.first().waitFor();
    } finally {
      page.off('request', onRequest);
      page.off('requestfinished', onAnswer);
    }
    expect(events.filter((e) => e === 'ask /agenda')).toHaveLength(1);
    expect(events.indexOf('ask /agenda')).toBeLessThan(events.indexOf('got /me'));
  });

  it('opens the log dialog with one ordinary click on the third row, then on the second (the old cards lost these clicks)', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    const log = new LogDialog(page);
    for (const index of [2, 1]) {
      await today.cards.nth(index).getByRole('button', { name: 'Log outcome' }).click({ timeout: 5_000 });
      await log.root.waitFor({ timeout: 5_000 });
      expect(await log.root.getByRole('heading').first().textContent()).toContain(await today.cards.nth(index).getByTestId('row-name').textContent());
      await page.keyboard.press('Escape');
      await log.root.waitFor({ state: 'detached' });
    }
  });

  it('moves with j/k, logs with l, shows help with ? and searches with /', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(`document.activeElement?.dataset.testid`)).toBe('row-toggle');
    const firstName = await today.cards.nth(0).getByTestId('row-name').textContent();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect.poll(() => page.evaluate(`document.activeElement?.querySelector('[data-testid=row-name]')?.textContent`)).toBe(firstName);
    await page.keyboard.press('l');
    const log = new LogDialog(page);
    await log.waitOpen();
    expect(await log.root.getByRole('heading').first().textContent()).toContain(firstName ?? '');
    await page.keyboard.press('Escape');
    await log.root.waitFor({ state: 'detached' });

    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('global-search');
  });

  it('has no serious or critical accessibility violations on Today, the log dialog and a contact page', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    expect(await seriousViolations(page)).toEqual([]);

    await today.cards.first().getByRole('button', { name: 'Log outcome' }).click();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.result('Connected: we spoke');
    await log.outcome('Next step');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'log-dialog');
    await page.keyboard.press('Escape');

    await today.cards.first().getByTestId('row-toggle').click();
    expect(await seriousViolations(page)).toEqual([]);
    const contactHref = await today.cards.first().getByRole('link', { name: 'Contact page' }).getAttribute('href');
    const contact = new ContactPage(page, server.url);
    await contact.open(decodeURIComponent(contactHref?.split('/').pop() ?? ''));
    await contact.timeline.locator('li').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'contact');
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const small = await browser.newPage({ width: 360, height: 740 });
    const smallDialogs = watchDialogs(small);
    const overflow: Record<string, number> = {};
    for (const hash of ['#/', '#/contacts', '#/pipeline', '#/playbooks', '#/playbooks/voicemail-series', '#/insights', '#/settings']) {
      await small.goto(`${server.url}/${hash}`);
      await small.locator('main h1, main h2').first().waitFor();
      await small.waitForLoadState('networkidle');
      overflow[hash] = await horizontalOverflow(small);
    }
    const today = new TodayPage(small, server.url);
    await today.open();
    await today.cards.first().getByTestId('row-toggle').click();
    const href = await today.cards.first().getByRole('link', { name: 'Contact page' }).getAttribute('href');
    await small.goto(`${server.url}/${href}`);
    await small.getByTestId('timeline').locator('li').first().waitFor();
    overflow.contact = await horizontalOverflow(small);
    await small.getByRole('button', { name: 'Log outcome' }).first().click();
    const log = new LogDialog(small);
    await log.waitOpen();
    await log.outcome('Next step');
    overflow.logDialog = await horizontalOverflow(small);
    const dialogBox = await log.root.boundingBox();
    expect(dialogBox && dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 360).toBe(true);
    await screenshot(small, 'log-dialog-360');
    await small.keyboard.press('Escape');
    await today.open();
    await screenshot(small, 'today-360');
    console.log(`e2e: horizontal overflow at 360 px: ${JSON.stringify(overflow)}`);
    expect(overflow).toEqual(Object.fromEntries(Object.keys(overflow).map((k) => [k, 0])));
    expect(smallDialogs).toEqual([]);
    await small.close();
  });

  it('never opened a browser dialog', () => {
    expect(dialogs).toEqual([]);
  });
});
