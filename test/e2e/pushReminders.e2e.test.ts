import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { PushWorker } from '../../src/jobs/pushWorker.js';
import { StandInPushService } from '../helpers/pushService.js';
import { closeAll, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** Settings > Reminders on your devices (issue 15 item 4): the devices that remind you, and this one. */
describe('push reminders in Settings', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let service: StandInPushService;

  beforeAll(async () => {
    [{ server, browser, page, dialogs }, service] = await Promise.all([startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }), StandInPushService.start()]);
  });
  afterAll(() => closeAll(browser, server, service));

  const panel = () => page.getByRole('region', { name: 'Reminders on your devices' });

  it('lists the devices that remind you, says when one stopped, removes one, and explains a browser that will not notify', async () => {
    const { body } = await server.api<{ publicKey: string }>('GET', '/push/public-key');
    const phone = service.subscribe(body.publicKey);
    const laptop = service.subscribe(body.publicKey);
    const gone = service.subscribe(body.publicKey, { kind: 'status', status: 410 });
    for (const [browserSubscription, device] of [[phone, 'Chrome on Android'], [laptop, 'Firefox on Windows'], [gone, 'Safari on iOS']] as const) {
      expect((await server.api('POST', '/push/subscriptions', { ...browserSubscription.json, device })).status).toBe(201);
    }
    // A reminder reaches two of them; the third's push service says it is gone.
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Ana Souza', timeZone: 'America/New_York' });
    await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { at: new Date(Date.now() + 5 * 60_000).toISOString() }, channel: 'video', agenda: 'pricing' });
    const worker = new PushWorker({ deps: server.deps, subject: 'mailto:ops@example.com' });
    await worker.runOnce();
    expect(service.received).toHaveLength(2);

    await page.goto(`${server.url}/#/settings`);
    await panel().getByRole('heading', { name: 'Reminders on your devices' }).waitFor();
    await panel().getByText('Safari on iOS').waitFor();
    expect(await panel().getByTestId('push-device').count()).toBe(3);
    await panel().getByText('Stopped by its browser').waitFor();
    expect(await panel().getByText(/last reminder/).count()).toBe(2);
    await panel().getByText(/10 minutes before each timed follow-up/).waitFor();
    await panel().scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '[data-testid="push-reminders"]')).toEqual([]);
    await screenshot(page, 'push-reminders-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'push-reminders-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await panel().getByRole('button', { name: /^Remove Safari on iOS/ }).click();
    await panel().getByText('Safari on iOS').waitFor({ state: 'detached' });
    expect((await server.api<{ items: unknown[] }>('GET', '/push/subscriptions')).body.items).toHaveLength(2);

    // This headless browser will not show notifications: the button says so plainly instead of failing silently.
    await panel().getByRole('button', { name: 'Remind me on this device' }).click();
    const message = await panel().getByRole('alert').textContent();
    expect(message).toMatch(/blocked|push service|helper/);
    expect(dialogs).toEqual([]);
  });
});

/** The app's service worker turns a reminder push into a notification that opens the follow-up. */
describe('a push reminder in the browser\'s service worker', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let service: StandInPushService;

  beforeAll(async () => {
    [{ server, browser, page }, service] = await Promise.all([startE2e({ bypassCSP: true, serviceWorkers: true, viewport: { width: 1280, height: 800 } }), StandInPushService.start()]);
  });
  afterAll(() => closeAll(browser, server, service));

  /** The service worker's registration id, as DevTools knows it. */
  async function registrationId(cdp: CDPSession): Promise<string> {
    const found = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
        const mine = registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
        if (mine) resolve(mine.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    return found;
  }

  it('shows who, when and what about, and keeps the follow-up to open', async () => {
    await browser.context.grantPermissions(['notifications'], { origin: server.url });
    await page.goto(`${server.url}/#/today`);
    await page.waitForFunction('navigator.serviceWorker.controller !== null');

    // The payload the server really sends, as the stand-in push service decrypted it.
    const { body } = await server.api<{ publicKey: string }>('GET', '/push/public-key');
    const subscription = service.subscribe(body.publicKey);
    expect((await server.api('POST', '/push/subscriptions', subscription.json)).status).toBe(201);
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Ana Souza', timeZone: 'America/New_York' });
    const dueMs = Date.now() + 5 * 60_000;
    const followUp = await server.api<{ id: string }>('POST', '/follow-ups', {
      contactId: contact.body.id, due: { at: new Date(dueMs).toISOString() }, channel: 'video', agenda: 'the pricing for 40 seats',
    });
    await new PushWorker({ deps: server.deps, subject: 'mailto:ops@example.com' }).runOnce();
    const payload = service.received[0]?.payload as { title: string; body: string; url: string };
    expect(payload.url).toBe(`${server.url}/#/contacts/${contact.body.id}?followUp=${followUp.body.id}`);

    // The browser's push service would hand the decrypted message to the service worker: DevTools does the same.
    // A push service delivers again until the browser takes the message; DevTools drops one sent while the worker
    // is still starting on a loaded machine, so it is sent again (the notification's tag keeps it to one).
    const cdp = await page.context().newCDPSession(page);
    const workerErrors: string[] = [];
    cdp.on('ServiceWorker.workerErrorReported', ({ errorMessage }: { errorMessage: { errorMessage: string } }) => workerErrors.push(errorMessage.errorMessage));
    const id = await registrationId(cdp);
    let shown: unknown[] = [];
    for (let delivery = 0; delivery < 3 && shown.length === 0; delivery++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: id, data: JSON.stringify(payload) });
      // Shown once the worker's push handler has run: asked until it has (a wait, not a timing assertion).
      shown = await page.evaluate(`(async () => {
        const registration = await navigator.serviceWorker.ready;
        for (let i = 0; i < 100; i++) {
          const list = await registration.getNotifications();
          if (list.length > 0) return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [];
      })()`);
    }
    expect(workerErrors).toEqual([]);
    expect(shown).toEqual([{ title: payload.title, body: payload.body, tag: `follow-up-${followUp.body.id}`, url: payload.url }]);
    expect(payload.title).toBe('A video call with Ana Souza at ' + new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(dueMs));
  });
});
