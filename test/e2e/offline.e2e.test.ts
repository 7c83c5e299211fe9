import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import { addDays, closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

const USER_ZONE = 'Europe/London';
const OFFLINE_CACHE = 'followthrough-offline';

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(body: Buffer): { width: number; height: number } {
  expect(body.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

/** Issue 15 item 3: the app installs, and Today opens offline with the last agenda fetched, marked as such. */
describe('the installable app, offline', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let today: TodayPage;

  const names = async (): Promise<string[]> => today.page.getByTestId('row-name').allTextContents();
  const offlineNotice = () => page.getByTestId('offline-agenda');
  /** The paths the service worker keeps API answers for. */
  const keptPaths = async (): Promise<string[]> => (await page.evaluate(`caches.open(${JSON.stringify(OFFLINE_CACHE)})
    .then((cache) => cache.keys()).then((keys) => keys.map((r) => new URL(r.url).pathname).sort())`)) as string[];

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, serviceWorkers: true, timeZone: USER_ZONE, viewport: { width: 1280, height: 800 } }));
    const date = wallIn(Date.now(), USER_ZONE).date;
    const people = [
      { name: 'Priya Patel', zone: 'Asia/Kolkata', due: { date: addDays(date, -1) }, agenda: 'pricing for the pilot' },
      { name: 'Bob Marsh', zone: 'America/Los_Angeles', due: { date }, agenda: 'send the contract' },
      { name: 'Greta Lind', zone: 'Europe/Stockholm', due: { date }, agenda: 'demo for the team' },
    ];
    for (const p of people) {
      const contact = await server.api<{ id: string }>('POST', '/contacts', { name: p.name, timeZone: p.zone, email: `${p.name.split(' ')[0]!.toLowerCase()}@example.com` });
      expect(contact.status, JSON.stringify(contact.body)).toBe(201);
      const followUp = await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: p.due, channel: 'call', agenda: p.agenda, promised: true });
      expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    }
    today = new TodayPage(page, server.url);
  });
  afterAll(() => closeAll(browser, server));

  it('links a valid manifest whose icons are served, and serves the service worker uncached from the root', async () => {
    await today.open();
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const response = await page.request.get(`${server.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(await response.text()) as {
      name: string; short_name: string; start_url: string; display: string; theme_color: string; background_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: 'Followthrough', short_name: 'Followthrough', start_url: '/', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const png = await page.request.get(`${server.url}${icon.src}`);
      expect(png.status(), icon.src).toBe(200);
      expect(png.headers()['content-type'], icon.src).toBe('image/png');
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(await png.body()), icon.src).toEqual({ width, height });
    }
    const worker = await page.request.get(`${server.url}/sw.js`);
    expect(worker.status()).toBe(200);
    expect(worker.headers()['content-type']).toMatch(/javascript/);
    expect(worker.headers()['cache-control']).toBe('no-cache');
    // The booking page a client opens is not the app: it links no manifest.
    const book = await page.request.get(`${server.url}/book.html`);
    expect(await book.text()).not.toContain('manifest');
  });

  it('opens Today offline from the service worker with the same items and a plain notice that they may be out of date', async () => {
    await today.open();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    // Fetched again now that the worker controls the page: this agenda is the one it keeps.
    await today.open();
    await expect.poll(keptPaths).toEqual(['/api/v1/agenda', '/api/v1/me']);
    // One shell copy, of the app's page: index.html and its hashed assets, none of the booking page's.
    const shell = (await page.evaluate(`caches.keys().then(async (names) => {
      const shells = names.filter((n) => n.startsWith('followthrough-shell-'));
      const keys = shells.length === 1 ? await (await caches.open(shells[0])).keys() : [];
      return { shells: shells.length, paths: keys.map((r) => new URL(r.url).pathname) };
    })`)) as { shells: number; paths: string[] };
    expect(shell.shells).toBe(1);
    expect(shell.paths).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/icon-192.png']));
    expect(shell.paths.filter((p) => p.startsWith('/assets/') && p.endsWith('.js')).length).toBeGreaterThan(5);
    expect(shell.paths.filter((p) => p.startsWith('/book') || p.startsWith('/api/') || /\/assets\/book-/.test(p))).toEqual([]);
    const online = await names();
    expect(online.sort()).toEqual(['Bob Marsh', 'Greta Lind', 'Priya Patel']);
    await expect(offlineNotice().count()).resolves.toBe(0);

    await page.context().setOffline(true);
    await page.reload();
    await offlineNotice().waitFor();
    expect(await offlineNotice().textContent()).toMatch(/^Offline — this is the agenda as of .+, \d\d:\d\d; it may have changed\.$/);
    await today.cards.first().waitFor();
    expect((await names()).sort()).toEqual(online.sort());
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'offline-today-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await offlineNotice().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'offline-today-390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('refuses to write offline with a clear message, and nothing changes', async () => {
    await today.card('Bob Marsh').getByRole('button', { name: /log outcome/i }).click();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.outcome('No agreement yet');
    await log.submit();
    const refusal = log.root.getByText(/you are offline, so nothing was saved/);
    await refusal.waitFor();
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'offline-log-refused');
    await page.keyboard.press('Escape');
    const agenda = await server.api<{ overdue: unknown[]; today: unknown[] }>('GET', '/agenda');
    expect(agenda.body.overdue.length + agenda.body.today.length).toBe(3);
  });

  it('back online, Today comes from the server again and the notice is gone', async () => {
    await page.context().setOffline(false);
    await today.open();
    expect((await names()).sort()).toEqual(['Bob Marsh', 'Greta Lind', 'Priya Patel']);
    expect(await offlineNotice().count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('drops the kept agenda and session at logout', async () => {
    expect(await keptPaths()).toEqual(['/api/v1/agenda', '/api/v1/me']);
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByLabel(/email/i).first().waitFor();
    await expect.poll(keptPaths).toEqual([]);
  });
});
