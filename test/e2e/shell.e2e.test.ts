import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newMessageId } from '../../src/mail/messageId.js';
import { DIGEST_WITHOUT_MAILBOX } from '../../src/services/outbox.js';
import { newId } from '../../src/store/ids.js';
import { insertOutboxMessage } from '../../src/store/outbox.js';
import { AppShell } from './pages/app.js';
import { OutboxPage } from './pages/outbox.js';
import { TodayPage } from './pages/today.js';
import { closeAll, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

/** Relative luminance of a CSS rgb() colour: 0 is black, 1 is white. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** The shell around every page: navigation, and light or dark colours. */
describe('the app shell', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];

  const pageBackground = async (): Promise<number> =>
    luminance((await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')) as string);

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Dora Dark', company: 'Night & Co', timeZone: 'Asia/Tokyo', email: 'dora@example.com' });
    const today = wallIn(Date.now(), 'Europe/London').date;
    await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { date: today }, channel: 'call', agenda: 'renewal terms', promised: true });
  });
  afterAll(() => closeAll(browser, server));

  it('lists the Outbox in the navigation', async () => {
    const shell = new AppShell(page, server.url);
    await shell.open('#/');
    await shell.nav('Outbox').click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    expect(await shell.nav('Outbox').getAttribute('aria-current')).toBe('page');
  });

  it('follows the device\'s light or dark setting, readable in both', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const today = new TodayPage(page, server.url);
    await today.open();
    expect(await pageBackground()).toBeLessThan(0.05);
    await today.expand('Dora Dark');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'today-dark-1280');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await pageBackground()).toBeGreaterThan(0.8);
  });

  it('keeps a choice made in Settings for this browser, over the device\'s setting', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await new AppShell(page, server.url).open('#/settings');
    const appearance = page.getByRole('region', { name: 'Appearance' });
    expect(await appearance.getByRole('radio', { name: 'Same as this device' }).isChecked()).toBe(true);
    await appearance.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(pageBackground).toBeLessThan(0.05);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-dark-1280');
    await page.reload();
    await appearance.waitFor();
    expect(await pageBackground()).toBeLessThan(0.05);
    expect(await appearance.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);

    await page.emulateMedia({ colorScheme: 'dark' });
    await appearance.getByRole('radio', { name: 'Light' }).check();
    await expect.poll(pageBackground).toBeGreaterThan(0.8);
    await appearance.getByRole('radio', { name: 'Same as this device' }).check();
    await expect.poll(pageBackground).toBeLessThan(0.05);
    await page.reload();
    await appearance.waitFor();
    expect(await pageBackground()).toBeLessThan(0.05);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says why a morning digest was not sent when there is no mailbox, and how to fix it, nothing else', async () => {
    const owner = await server.store.db.selectFrom('users').select(['id']).executeTakeFirstOrThrow();
    const workspace = await server.store.db.selectFrom('workspaces').select(['id']).executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await insertOutboxMessage(server.store.db, {
      id: newId(), workspaceId: workspace.id, contactId: null, userId: owner.id, followUpId: null, enrollmentId: null, kind: 'digest', to: 'owner@example.com',
      subject: 'Your day: 1 follow-up', text: 'agenda', headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
      status: 'skipped', attempt: 0, leaseUntil: null, dueAt: at, availableAt: at, lastError: DIGEST_WITHOUT_MAILBOX, createdAt: at, sentAt: null,
    });
    const outbox = new OutboxPage(page, server.url);
    await outbox.open();
    const digest = outbox.item('Your day: 1 follow-up');
    await digest.waitFor();
    const text = await digest.textContent();
    expect(text).toContain('Your morning digest');
    expect(text).toContain('There is no mailbox to send your digest from: add yours under Settings → Mail');
    expect(text).not.toMatch(/no longer needed/i);
  });

  it('never opened a browser dialog', () => {
    expect(dialogs).toEqual([]);
  });
});
