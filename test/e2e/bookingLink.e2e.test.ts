import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppShell } from './pages/app.js';
import { BookingLinkDialog } from './pages/bookingLink.js';
import { ContactPage } from './pages/contact.js';
import { TodayPage } from './pages/today.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer,
} from './support/harness.js';

/**
 * A zone where it is between 05:00 and 17:00 now: a time the client books (two hours' notice at
 * least) then still falls on the salesperson's today, so Today can show it beside the cancellation.
 */
function zoneWithDayLeft(): string {
  const zones = ['Europe/London', 'Asia/Tokyo', 'America/New_York', 'Asia/Dubai', 'America/Los_Angeles', 'Pacific/Auckland', 'Pacific/Honolulu'];
  return zones.find((z) => { const hour = Number(wallIn(Date.now(), z).time.slice(0, 2)); return hour >= 5 && hour < 17; }) ?? 'Europe/London';
}
const USER_ZONE = zoneWithDayLeft();
const CONTACT_ZONE = USER_ZONE === 'America/New_York' ? 'Asia/Tokyo' : 'America/New_York';
const ALL_DAY = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }];
const TOKEN_URL = /^http:\/\/127\.0\.0\.1:\d+\/book\/[A-Za-z0-9_-]{43}$/;

interface Contact { id: string; name: string; followUpId: string }
interface PublicView { slots: { start: string; local: string }[] }

/** Issue 13, the salesperson's side: send a booking link from the contact page and from Today; Today shows what the client did. */
describe('Send booking link', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let ana: Contact;
  let ben: Contact;
  const urls: string[] = [];

  const publicCall = async <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(url.replace('/book/', '/api/v1/public/bookings/'), {
      method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as T };
  };
  /** The client opens their link and takes its first time, by video. */
  const bookFirstTime = async (url: string): Promise<string> => {
    const view = await publicCall<PublicView>('GET', url);
    expect(view.status).toBe(200);
    const first = view.body.slots[0];
    if (!first) throw new Error('the link offers no time');
    const booked = await publicCall('POST', url, { start: first.start, channel: 'video' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    return first.start;
  };

  /** Loads a page afresh: the app keeps what it fetched for 15 s, and the client's changes happen behind its back. */
  const freshly = async (hash: string): Promise<void> => {
    await page.goto(`${server.url}/${hash}`);
    await page.reload();
  };

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, timeZone: USER_ZONE, viewport: { width: 1280, height: 800 } }));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    expect((await server.api('PATCH', '/me', { workFrom: '00:00', workTo: '24:00', workDays: [1, 2, 3, 4, 5, 6, 7] })).status).toBe(200);
    const add = async (name: string, email: string, agenda: string): Promise<Contact> => {
      const made = await server.api<Contact>('POST', '/contacts', {
        name, email, timeZone: CONTACT_ZONE, preferredChannel: 'video', interests: ['warehouse robots'], reachable: ALL_DAY, company: 'Souza Logistics',
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const due = new Date(Date.now() + 30 * 60_000).toISOString();
      const followUp = await server.api<{ id: string }>('POST', '/follow-ups', { contactId: made.body.id, due: { at: due }, channel: 'email', agenda, promised: false });
      expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
      return { ...made.body, followUpId: followUp.body.id };
    };
    ana = await add('Ana Souza', 'ana@example.com', 'agree a time for the warehouse demo');
    ben = await add('Ben Booker', 'ben@example.com', 'a time for the pricing call');
  });
  afterAll(() => closeAll(browser, server));

  it('from the contact page: three clicks make the link and copy it; the email opens prefilled and the coach flags nothing', async () => {
    const contact = new ContactPage(page, server.url);
    await contact.open(ana.id);
    await page.getByRole('button', { name: 'Send booking link' }).click(); // click 1
    const dialog = new BookingLinkDialog(page);
    await dialog.waitOpen();
    expect(await dialog.agenda.inputValue()).toBe('agree a time for the warehouse demo');
    expect(await dialog.length.inputValue()).toBe('30');
    expect(await dialog.daysAhead.inputValue()).toBe('10');
    expect(await dialog.channel('Video call').isChecked()).toBe(true);
    expect(await dialog.channel('Phone call').isChecked()).toBe(true);
    expect(await dialog.channel('Meeting').isChecked()).toBe(false);
    expect(await dialog.channel('Coffee').isChecked()).toBe(false);
    expect(await dialog.root.textContent()).toContain('(their preferred)');
    expect(await seriousViolations(page, '[data-testid=booking-link-dialog]')).toEqual([]);
    await screenshot(page, 'booking-link-form-1280');

    await dialog.create(); // click 2
    const url = await dialog.url.inputValue();
    expect(url).toMatch(TOKEN_URL);
    urls.push(url);
    await dialog.copy(); // click 3
    await expect.poll(() => new AppShell(page, server.url).toast.textContent()).toBe('Booking link copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    // The first times, in words, in Ana's zone, then how many more.
    const times = await dialog.firstTimes.allTextContents();
    expect(times.length).toBe(5);
    for (const t of times.slice(0, 4)) expect(t).toMatch(/^\w{3} \d{1,2} \w{3}, \d{2}:(00|30)$/);
    expect(times[4]).toMatch(/^and \d+ more$/);
    expect(await dialog.made.textContent()).toContain(`their time (${CONTACT_ZONE.split('/')[1]!.replace('_', ' ')})`);
    expect(await dialog.made.textContent()).toMatch(/stays open until \w{3} \d{1,2} \w{3}, \d{2}:\d{2} your time/);
    expect(await seriousViolations(page, '[data-testid=booking-link-dialog]')).toEqual([]);
    await screenshot(page, 'booking-link-made-1280');

    // "Email it to Ana": the usual draft, prefilled; no mailbox here, so it opens in the mail program.
    await dialog.emailButton('Ana').click();
    const draft = page.getByTestId('email-draft');
    await draft.waitFor();
    expect(await draft.getByLabel('Subject').inputValue()).toBe('Choose a time that suits you');
    const body = await draft.getByLabel('Message').inputValue();
    expect(body).toMatch(/^Hi Ana,\n\n/);
    expect(body).toContain(url);
    expect(body).toContain('agree a time for the warehouse demo');
    await expect.poll(() => draft.getByTestId('coach').textContent(), { timeout: 10_000 }).toMatch(/nothing to flag/);
    expect(await draft.getByRole('link', { name: 'Open in mail client' }).getAttribute('href')).toContain(encodeURIComponent(url));
    await screenshot(page, 'booking-link-email-1280');
    await page.keyboard.press('Escape'); // closes the draft only: the link stays in view
    await draft.waitFor({ state: 'detached' });
    expect(await dialog.url.inputValue()).toBe(url);
    await dialog.done();

    const links = page.getByTestId('booking-links').getByTestId('booking-link');
    await expect.poll(() => links.count()).toBe(1);
    expect(await links.first().locator('.badge').textContent()).toBe('Open');
    expect(await links.first().textContent()).toContain('Waiting for Ana to choose a time');
  });

  it('from a Today item: the same dialog, with the item\'s agenda, in four clicks', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    const context = await today.expand('Ana Souza'); // click 1
    await context.getByRole('button', { name: 'Send booking link' }).click(); // click 2
    const dialog = new BookingLinkDialog(page);
    await dialog.waitOpen();
    expect(await dialog.agenda.inputValue()).toBe('agree a time for the warehouse demo');
    await dialog.create(); // click 3
    await dialog.copy(); // click 4
    const url = await dialog.url.inputValue();
    expect(url).toMatch(TOKEN_URL);
    expect(url).not.toBe(urls[0]);
    urls.push(url);
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(url);
    await dialog.done();
  });

  it('withdraws a link from the contact page: it opens nothing from then on', async () => {
    const contact = new ContactPage(page, server.url);
    await contact.open(ana.id);
    const links = page.getByTestId('booking-links').getByTestId('booking-link');
    await expect.poll(() => links.count()).toBe(2);
    // Newest first: the one from Today, then the one from the contact page.
    await links.nth(1).getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(() => links.nth(1).locator('.badge').textContent()).toBe('Withdrawn');
    expect(await links.nth(1).textContent()).toContain('You withdrew it: it opens nothing now.');
    expect(await links.nth(1).getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    expect((await publicCall('GET', urls[0]!)).status).toBe(404);
  });

  it('after the clients book, Today marks their items "booked by the client", and so does the contact page', async () => {
    await bookFirstTime(urls[1]!);
    const benLink = await server.api<{ url: string }>('POST', '/booking-links', { contactId: ben.id, followUpId: ben.followUpId });
    expect(benLink.status).toBe(201);
    await bookFirstTime(benLink.body.url);

    const today = new TodayPage(page, server.url);
    await freshly('#/');
    await today.open();
    for (const name of ['Ana Souza', 'Ben Booker']) {
      const row = today.card(name);
      expect(await row.count()).toBe(1);
      expect(await row.locator('.badge', { hasText: 'Booked by the client' }).count()).toBe(1);
      expect(await row.textContent()).toContain('Video call');
    }
    const context = await today.expand('Ana Souza');
    expect(await context.getByTestId('schedule-note').textContent()).toBe('Ana chose this time through your booking link.');

    const contact = new ContactPage(page, server.url);
    await freshly(`#/contacts/${ana.id}`);
    await contact.heading.waitFor();
    const open = contact.followUps.first();
    await open.waitFor();
    expect(await open.locator('.badge', { hasText: 'Booked by the client' }).count()).toBe(1);
    expect(await open.getByTestId('schedule-note').textContent()).toBe('Ana chose this time through your booking link.');
    const newest = page.getByTestId('booking-links').getByTestId('booking-link').first();
    expect(await newest.locator('.badge').textContent()).toBe('Booked');
    expect(await newest.textContent()).toContain('Ana chose a time: it is with the follow-ups.');
    await page.getByTestId('promises').scrollIntoViewIfNeeded();
    await screenshot(page, 'booking-contact-1280');
  });

  it('after a client cancels, Today says so at the top with a link to agree a new time', async () => {
    const cancelled = await publicCall('POST', `${urls[1]!}/cancel`, { reason: 'travelling that week' });
    expect(cancelled.status).toBe(200);
    const today = new TodayPage(page, server.url);
    await freshly('#/');
    await today.open();
    const notice = page.getByTestId('client-cancellations');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^Ana Souza cancelled the video call they had booked for \w{3} \d{1,2} \w{3}, \d{2}:\d{2} your time \(.+ in [\w ]+\) — agree a new time · Their reason: “travelling that week”$/);
    expect(await notice.getByRole('link', { name: 'agree a new time' }).getAttribute('href')).toBe(`#/contacts/${ana.id}`);
    expect(await today.card('Ben Booker').locator('.badge', { hasText: 'Booked by the client' }).count()).toBe(1);
    expect(await today.card('Ana Souza').count()).toBe(0);
    // The notice sits above the list, on the first screen.
    const box = await notice.boundingBox();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'booking-today-1280');

    await freshly(`#/contacts/${ana.id}`);
    await page.getByText(/^Earlier/).click();
    expect(await page.getByTestId('promises').textContent()).toContain('Reason: client cancelled: travelling that week');
    const newest = page.getByTestId('booking-links').getByTestId('booking-link').first();
    await newest.waitFor();
    expect(await newest.locator('.badge').textContent()).toBe('They cancelled');
    expect(await newest.textContent()).toContain('Ana cancelled the time they chose; the link still lets them choose another');
  });

  it('on a phone: Today with the mark and the notice, and the dialog, fit 390 px; Copy falls back to selecting the link', async () => {
    const phone = await browser.newPage({ width: 390, height: 844 });
    const today = new TodayPage(phone, server.url);
    await today.open();
    await phone.getByTestId('client-cancellations').waitFor();
    expect(await horizontalOverflow(phone)).toBe(0);
    await screenshot(phone, 'booking-today-390');

    const context = await today.expand('Ben Booker');
    await context.getByRole('button', { name: 'Send booking link' }).click();
    const dialog = new BookingLinkDialog(phone);
    await dialog.waitOpen();
    expect(await horizontalOverflow(phone)).toBe(0);
    await screenshot(phone, 'booking-link-form-390');
    await dialog.create();
    await phone.evaluate(`Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true })`);
    await dialog.copy();
    const selected = await phone.evaluate(`(() => { const input = document.querySelector('[data-testid=booking-url]'); return input.value.length > 0 && input.selectionStart === 0 && input.selectionEnd === input.value.length; })()`);
    expect(selected).toBe(true);
    await expect.poll(() => new AppShell(phone, server.url).toast.textContent()).toBe('Booking link selected: copy it with Ctrl+C or ⌘C');
    const box = await dialog.root.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
    await screenshot(phone, 'booking-link-made-390');
    await dialog.done();
    await phone.close();
  });

  it('never opened a browser dialog', () => {
    expect(dialogs).toEqual([]);
  });
});
