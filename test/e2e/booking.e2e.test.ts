import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { bookingInvitationEmail } from '../../src/shared/bookingInvitation.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { TodayPage } from './pages/today.js';
import {
  closeAll, horizontalOverflow, launchBrowser, logIn, screenshot, seriousViolations, startServer, wallIn, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

interface Slot { start: string; local: string }
interface Link { id: string; url: string; slots: Slot[] }
interface PublicView { channels: string[]; slots: Slot[]; booked: { start: string; local: string; channel: string } | null; cancelled: boolean }
interface AgendaItem { contact: { id: string; name: string }; followUp: { dueAt: string; bookedByClient?: boolean } }

const CONTACT_ZONE = 'America/New_York';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** "Tuesday 8 December", as the page writes a day (the year only when it is not this one). */
function dayWords(iso: string, zone: string): string {
  const format = (at: Date, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options }).format(at);
  const at = new Date(iso);
  const day = `${format(at, { weekday: 'long' })} ${format(at, { day: 'numeric', month: 'long' })}`;
  const year = format(at, { year: 'numeric' });
  return year === format(new Date(), { year: 'numeric' }) ? day : `${day} ${year}`;
}
const whenWords = (iso: string, zone: string): string => `${dayWords(iso, zone)}, ${wallIn(Date.parse(iso), zone).time}`;

/** Issue 13: the page a client opens from their booking link. */
describe('the booking page a client opens from their email', () => {
  let server: E2eServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;

  beforeAll(async () => {
    [server, browser, smtp] = await Promise.all([startServer(), launchBrowser({ bypassCSP: true }), startSmtpServer()]);
    await server.setUp('Europe/London');
    expect((await server.api('PATCH', '/me', { workFrom: '07:00', workTo: '21:00', workDays: EVERY_DAY })).status).toBe(200);
    const mailbox = await server.api('PUT', '/mail-settings/me', {
      fromAddress: 'owner@example.com', fromName: 'Olivia Owner', smtp: { host: '127.0.0.1', port: Number(new URL(smtp.url).port), security: 'none' },
    });
    expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(200);
    // The outbox worker as `serve` runs it: whatever is queued goes out through the mailbox, to the test's SMTP server.
    worker = new OutboxWorker({ deps: server.deps, pollMs: 100 });
    worker.start();
  });
  afterAll(() => closeAll(worker, browser, server, smtp));

  async function contactWithLink(name: string, fields: Record<string, unknown> = {}): Promise<{ contactId: string; link: Link; token: string }> {
    const contact = await server.api<{ id: string }>('POST', '/contacts', {
      name, email: `${name.split(' ')[0]?.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`, timeZone: CONTACT_ZONE,
      reachable: [{ days: EVERY_DAY, from: '07:00', to: '20:00' }], ...fields,
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const link = await server.api<Link>('POST', '/booking-links', { contactId: contact.body.id, agenda: 'the rollout plan for 40 seats' });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(link.body.slots.length).toBeGreaterThan(4);
    return { contactId: contact.body.id, link: link.body, token: link.body.url.split('/book/')[1] ?? '' };
  }

  const view = async (token: string) => (await server.api<PublicView>('GET', `/public/bookings/${token}`)).body;
  /** Another client books a time through their own link, as a person would at the same moment. */
  const someoneElseBooks = async (start: string) => {
    const other = await contactWithLink(`Other ${randomUUID().slice(0, 4)}`);
    const booked = await server.api('POST', `/public/bookings/${other.token}`, { start, channel: 'call' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  };

  /** A page with the client's size that records every request it makes. */
  async function clientPage(size = PHONE): Promise<{ page: Page; requests: string[]; dialogs: string[] }> {
    const page = await browser.newPage(size);
    const requests: string[] = [];
    page.on('request', (request) => { requests.push(request.url()); });
    return { page, requests, dialogs: watchDialogs(page) };
  }

  /** Presses Tab until the focused element matches; fails after `max` presses. */
  async function tabTo(page: Page, test: string, max = 15): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) return;
    }
    throw new Error(`Tab never reached ${test}`);
  }

  it('the contact opens the link from the email, books by keyboard at 360 px, and the salesperson\'s Today shows it', async () => {
    const { contactId, link, token } = await contactWithLink('Ana Souza', { preferredChannel: 'video' });
    expect((await view(token)).channels[0]).toBe('video');

    // The salesperson sends the link in an email; the worker delivers it; the client reads it off the SMTP server.
    const before = smtp.messages.length;
    const email = bookingInvitationEmail({
      contactName: 'Ana Souza', interests: [], agenda: 'the rollout plan for 40 seats', channels: ['video', 'call'], durationMinutes: 30, url: link.url, senderName: 'Olivia Owner',
    });
    const queued = await server.api('POST', `/contacts/${contactId}/emails`, { draftId: randomUUID(), ...email });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    await smtp.waitFor(before + 1);
    const mail = await smtp.messages[before]!.parse();
    expect(mail.subject).toBe(email.subject);
    const opened = /https?:\/\/\S+\/book\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0] ?? '';
    expect(opened).toBe(`${server.url}/book/${token}`);

    const { page, requests, dialogs } = await clientPage();
    const response = await page.goto(opened);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await page.getByRole('heading', { level: 1, name: 'Choose a time with Olivia Owner' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Hi Ana.');
    expect(text).toContain('the rollout plan for 40 seats');
    // Nothing else about the contact or the workspace: not their surname, address or id, not the workspace's name.
    expect(text).not.toMatch(/Souza|@example\.com|Acme Sales/);
    expect(text).not.toContain(contactId);
    expect(await page.getByRole('radio', { name: 'Video call' }).isChecked()).toBe(true);
    const first = link.slots[0]!;
    const firstDay = page.getByRole('group', { name: dayWords(first.start, CONTACT_ZONE), exact: true });
    expect(await firstDay.getByRole('radio', { name: wallIn(Date.parse(first.start), CONTACT_ZONE).time }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'booking-360-choose');

    // Keyboard only: into the times, Space chooses the first, on to Confirm, Enter.
    await page.locator('body').focus();
    await tabTo(page, 'document.activeElement?.getAttribute("name") === "slot"');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('choice').textContent()).toContain(whenWords(first.start, CONTACT_ZONE));
    await tabTo(page, 'document.activeElement?.textContent === "Confirm"');
    await page.keyboard.press('Enter');
    const done = page.getByRole('heading', { name: 'You are booked' });
    await done.waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('booked-title');
    const booked = page.getByTestId('booked');
    expect(await booked.textContent()).toContain(dayWords(first.start, CONTACT_ZONE));
    expect(await booked.textContent()).toContain(`${wallIn(Date.parse(first.start), CONTACT_ZONE).time}–${wallIn(Date.parse(first.start) + 30 * 60_000, CONTACT_ZONE).time} New York time`);
    expect(await booked.textContent()).toContain('Video call with Olivia Owner');
    expect((await view(token)).booked).toEqual({ start: first.start, local: first.local, channel: 'video' });

    const ics = booked.getByRole('link', { name: 'Add to calendar (.ics)' });
    const icsResponse = await page.request.get(new URL((await ics.getAttribute('href')) ?? '', server.url).toString());
    expect(icsResponse.status()).toBe(200);
    expect(icsResponse.headers()['content-type']).toMatch(/^text\/calendar/);
    expect(await icsResponse.text()).toContain(`DTSTART;TZID=${CONTACT_ZONE}:${first.local.replace(/[-:]/g, '')}00`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'booking-360-booked');
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
    expect(dialogs).toEqual([]);

    // The salesperson, at their desk, sees it on Today for that day.
    const ownDay = wallIn(Date.parse(first.start), 'Europe/London').date;
    const agenda = await server.api<{ overdue: AgendaItem[]; today: AgendaItem[] }>('GET', `/agenda?date=${ownDay}`);
    const item = [...agenda.body.overdue, ...agenda.body.today].find((i) => i.contact.id === contactId);
    expect(item?.followUp).toMatchObject({ dueAt: first.start, bookedByClient: true });
    await logIn(browser.context, server.url);
    try {
      const desk = await browser.newPage(DESKTOP);
      const today = new TodayPage(desk, server.url);
      await today.open(ownDay);
      const card = today.card('Ana Souza');
      await card.waitFor();
      expect(await card.textContent()).toContain(wallIn(Date.parse(first.start), 'Europe/London').time);
      const mark = card.getByText(/booked by the client/i);
      if (await mark.count()) expect(await mark.first().isVisible()).toBe(true);
      await screenshot(desk, 'booking-today-desktop');
    } finally {
      await browser.context.clearCookies();
    }
  });

  it('opens with the time chosen in the suggested-times email, or says it is no longer free and shows the rest', async () => {
    const { link, token } = await contactWithLink('Bea Brandt');
    const wanted = link.slots[2]!;
    const { page, requests } = await clientPage(DESKTOP);
    await page.goto(`${server.url}/book/${token}?slot=${encodeURIComponent(wanted.start)}`);
    await page.getByTestId('slot-form').waitFor();
    expect(await page.locator(`input[name=slot][value="${wanted.start}"]`).isChecked()).toBe(true);
    expect(await page.getByTestId('notice').textContent()).toContain(`${whenWords(wanted.start, CONTACT_ZONE)} is selected`);
    expect(await page.getByTestId('choice').textContent()).toContain(whenWords(wanted.start, CONTACT_ZONE));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'booking-1280-choose');

    // Someone else took the next suggested time before this client clicked it.
    const gone = link.slots[3]!;
    await someoneElseBooks(gone.start);
    await page.goto(`${server.url}/book/${token}?slot=${encodeURIComponent(gone.start)}`);
    await page.getByTestId('slot-form').waitFor();
    expect(await page.getByTestId('notice').textContent()).toBe(`${whenWords(gone.start, CONTACT_ZONE)} is no longer free. Please choose another time below.`);
    expect(await page.locator('input[name=slot]:checked').count()).toBe(0);
    expect(await page.locator(`input[name=slot][value="${gone.start}"]`).count()).toBe(0);
    expect(await page.locator(`input[name=slot][value="${wanted.start}"]`).count()).toBe(1);

    // The same times read in another zone: the day and the clock follow it.
    await page.getByLabel('Show the times in').selectOption('Asia/Tokyo');
    const tokyo = page.getByRole('group', { name: dayWords(wanted.start, 'Asia/Tokyo'), exact: true });
    expect(await tokyo.locator(`input[value="${wanted.start}"]`).count()).toBe(1);
    expect(await page.locator(`label:has(input[value="${wanted.start}"])`).textContent()).toBe(wallIn(Date.parse(wanted.start), 'Asia/Tokyo').time);
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });

  it('says plainly when the chosen time was just taken, and refreshes the times', async () => {
    const { link, token } = await contactWithLink('Cleo Carter');
    const contested = link.slots[1]!;
    const { page } = await clientPage();
    await page.goto(`${server.url}/book/${token}`);
    await page.locator(`label:has(input[value="${contested.start}"])`).first().click();
    await someoneElseBooks(contested.start);
    await page.getByRole('button', { name: 'Confirm' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'was just taken' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Sorry, ${whenWords(contested.start, CONTACT_ZONE)} was just taken by someone else. Please choose another time.`);
    expect(await page.locator(`input[name=slot][value="${contested.start}"]`).count()).toBe(0);
    expect(await page.getByTestId('choice').textContent()).toBe('No time chosen yet');
    expect((await view(token)).booked).toBeNull();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'booking-360-taken');
  });

  it('moves the booked time and cancels it from the page; a link that is not valid says so', async () => {
    const { link, token } = await contactWithLink('Dev Dutta');
    const [first, second] = link.slots;
    if (!first || !second) throw new Error('no slots');
    const { page } = await clientPage(DESKTOP);
    await page.goto(`${server.url}/book/${token}?slot=${encodeURIComponent(first.start)}`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
    await screenshot(page, 'booking-1280-booked');

    await page.getByRole('button', { name: 'Choose another time' }).click();
    await page.locator(`label:has(input[value="${second.start}"])`).click();
    await page.getByRole('button', { name: 'Confirm the new time' }).click();
    await page.getByRole('heading', { name: 'Your time is moved' }).waitFor();
    expect((await view(token)).booked?.start).toBe(second.start);

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByLabel('Reason (optional)').fill('travelling that week');
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    const notice = page.getByTestId('notice');
    await notice.filter({ hasText: 'is cancelled' }).waitFor();
    expect(await notice.textContent()).toContain(`Your phone call on ${whenWords(second.start, CONTACT_ZONE)} is cancelled`);
    expect(await view(token)).toMatchObject({ booked: null, cancelled: true });
    expect(await page.getByTestId('slot-form').isVisible()).toBe(true);
    expect(await page.locator('input[name=slot]:checked').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'booking-1280-cancelled');
    const agenda = await server.api<{ clientCancellations: { contactName: string; reason: string | null }[] }>('GET', '/agenda');
    expect(agenda.body.clientCancellations).toEqual(expect.arrayContaining([expect.objectContaining({ contactName: 'Dev Dutta', reason: 'travelling that week' })]));

    await page.goto(`${server.url}/book/not-a-real-token`);
    await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
  });

  it('keeps the client\'s preferred channel and hours, and opts them out after a confirmation', async () => {
    const { contactId, token } = await contactWithLink('Eli Evans');
    const { page } = await clientPage();
    await page.goto(`${server.url}/book/${token}`);
    const prefs = page.getByTestId('preferences-form');
    await prefs.getByLabel('Preferred way to be contacted').selectOption('email');
    await prefs.getByRole('checkbox', { name: 'Tuesday' }).check();
    await prefs.getByRole('checkbox', { name: 'Thursday' }).check();
    await prefs.getByLabel('From', { exact: true }).fill('14:00');
    await prefs.getByLabel('To', { exact: true }).fill('16:00');
    await prefs.getByRole('button', { name: 'Save my preferences' }).click();
    await prefs.getByText('Saved.').waitFor();
    const contact = await server.api<{ preferredChannel: string; reachable: unknown }>('GET', `/contacts/${contactId}`);
    expect(contact.body).toMatchObject({ preferredChannel: 'email', reachable: [{ days: [2, 4], from: '14:00', to: '16:00' }] });
    expect(await horizontalOverflow(page)).toBe(0);

    await page.getByRole('button', { name: 'I\'d rather not be contacted' }).click();
    const confirm = page.getByTestId('optout-confirm');
    await confirm.waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('optout-question');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'booking-360-optout-confirm');
    await confirm.getByRole('button', { name: 'Yes, stop contacting me' }).click();
    await page.getByRole('heading', { name: 'You will not be contacted again' }).waitFor();
    expect((await server.api('GET', `/contacts/${contactId}`)).body).toMatchObject({ doNotContact: true });
    expect((await server.api('GET', `/public/bookings/${token}`)).status).toBe(404);
  });
});
