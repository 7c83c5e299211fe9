import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import {
  addDays, closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer,
} from './support/harness.js';

const USER_ZONE = 'Europe/London';
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'Australia/Sydney'];
const CHANNELS = ['call', 'email', 'video', 'meeting', 'sms'];

/** The instant of a wall time in a zone (test-side, independent of the app's own helpers). */
function instantOf(date: string, time: string, zone: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  for (let offsetHours = -14; offsetHours <= 16; offsetHours++) {
    const candidate = guess - offsetHours * 3_600_000;
    const wall = wallIn(candidate, zone);
    if (wall.date === date && wall.time === time) return candidate;
  }
  throw new Error('no such wall time');
}

/** Today as a list a person scans in seconds: 25 follow-ups, 5 of them overdue. */
describe('Today as a list', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let today = '';

  async function contactWithFollowUp(name: string, zone: string, due: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const contact = await server.api<{ id: string }>('POST', '/contacts', {
      name, company: `${name.split(' ')[1]} & Co`, timeZone: zone, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, phone: '+44 20 7946 0000',
      interests: ['logistics'],
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const followUp = await server.api('POST', '/follow-ups', { contactId: contact.body.id, due, channel: 'call', agenda: `pricing for ${name}`, ...extra });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    return contact.body.id;
  }

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, timeZone: USER_ZONE, viewport: { width: 1280, height: 800 } }));
    today = wallIn(Date.now(), USER_ZONE).date;
    const yesterday = addDays(today, -1);
    for (let i = 0; i < 5; i++) {
      await contactWithFollowUp(`Olga Overdue${i}`, ZONES[i % ZONES.length]!, { date: addDays(yesterday, -i) }, { promised: i % 2 === 0, channel: CHANNELS[i % CHANNELS.length] });
    }
    for (let i = 0; i < 20; i++) {
      const time = `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
      const at = new Date(instantOf(today, time, USER_ZONE)).toISOString();
      await contactWithFollowUp(`Dana Today${String(i).padStart(2, '0')}`, ZONES[i % ZONES.length]!, { at }, { promised: i % 3 === 0, channel: CHANNELS[i % CHANNELS.length] });
    }
  });
  afterAll(() => closeAll(browser, server));

  it('fits 25 follow-ups within two screen heights at 1280x800, with both counts on the first screen', async () => {
    const list = new TodayPage(page, server.url);
    await list.open();
    await expect.poll(() => list.cards.count()).toBe(25);
    expect(await list.overdueCards.count()).toBe(5);
    expect(await list.todayCards.count()).toBe(20);
    const last = await list.cards.nth(24).boundingBox();
    const scrollY = (await page.evaluate('window.scrollY')) as number;
    console.log(`e2e: the 25th row ends ${Math.round((last?.y ?? 0) + scrollY + (last?.height ?? 0))} px from the top`);
    expect((last?.y ?? Infinity) + scrollY + (last?.height ?? 0)).toBeLessThanOrEqual(1600);

    const summary = list.summary;
    expect(await summary.textContent()).toMatch(/5 overdue.*20 due today/s);
    const box = await summary.boundingBox();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
    // Each row: the user's time and theirs, name and company, channel, agenda and badges, in one line.
    const row = list.card('Dana Today01');
    const theirs = wallIn(instantOf(today, '08:30', USER_ZONE), 'America/New_York').time;
    expect(await row.getByTestId('card-times').textContent()).toMatch(new RegExp(`08:30.*your time.*${theirs} their time in New York`, 's'));
    expect(await row.textContent()).toContain('Today01 & Co');
    expect(await row.textContent()).toContain('pricing for Dana Today01');
    expect(await row.locator('.badge', { hasText: /^Touch #\d+$/ }).count()).toBe(1);
    expect(await list.card('Dana Today00').locator('.badge', { hasText: 'Promised' }).count()).toBe(1);
    expect(await list.overdueCards.first().locator('.badge', { hasText: 'Overdue' }).count()).toBe(1);
    // An overdue all-day follow-up says which day it was.
    expect(await list.card('Olga Overdue0').getByTestId('card-times').textContent()).toMatch(/^\w{3} \d{1,2} \w{3}, all day your time$/);
    expect(await row.getByRole('button', { name: /Log outcome/ }).count()).toBe(1);
    // The context stays closed until asked for.
    expect(await row.locator('.opener').isVisible()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'today-list-1280');
  });

  it('draws an agenda that arrived early in its first render: the cards come with the title, asked for once', async () => {
    const fresh = await browser.newPage({ width: 1280, height: 800 });
    // The session answers late, so the agenda asked for at start has surely arrived when Today first renders.
    await fresh.route('**/api/v1/me', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await fresh.addInitScript({ content: `
      new MutationObserver((_, observer) => {
        const title = [...document.querySelectorAll('h1')].find((h) => h.textContent === 'Today');
        if (!title) return;
        window.cardsWithTitle = document.querySelectorAll('[data-testid=agenda-card]').length;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });` });
    let agendaRequests = 0;
    fresh.on('request', (request) => { if (new URL(request.url()).pathname === '/api/v1/agenda') agendaRequests += 1; });
    await fresh.goto(`${server.url}/`);
    await expect.poll(() => fresh.getByTestId('agenda-card').count()).toBe(25);
    expect(await fresh.evaluate('window.cardsWithTitle')).toBe(25);
    expect(agendaRequests).toBe(1);
    await fresh.close();
  });

  it('opens the log dialog on the third row with a single ordinary click', async () => {
    const list = new TodayPage(page, server.url);
    await list.open();
    await list.cards.nth(2).getByRole('button', { name: /Log outcome/ }).click();
    const log = new LogDialog(page);
    await log.waitOpen();
    const name = await list.cards.nth(2).getByTestId('row-name').textContent();
    expect(await log.root.getByRole('heading').first().textContent()).toContain(name ?? '???');
    await page.keyboard.press('Escape');
    await log.root.waitFor({ state: 'detached' });
    // And on the second row, after the first was clicked: no click is swallowed by a scroll.
    await list.cards.nth(1).getByRole('button', { name: /Log outcome/ }).click();
    await log.waitOpen();
    await page.keyboard.press('Escape');
    await log.root.waitFor({ state: 'detached' });
  });

  it('opens a row\'s context in place with a click or Enter: opener, last conversation, checklist, links, reschedule and cancel', async () => {
    const list = new TodayPage(page, server.url);
    await list.open();
    const row = list.card('Dana Today03');
    await row.getByTestId('row-toggle').click();
    const context = row.getByTestId('row-context');
    await context.waitFor();
    expect((await context.locator('.opener').textContent())?.length).toBeGreaterThan(20);
    expect(await context.textContent()).toContain('Last conversation');
    expect(await context.locator('.checklist li').count()).toBe(5); // the four questions, and to ask how they buy (not known yet)
    expect(await context.locator('a[href^="tel:"]').count()).toBe(1);
    expect(await context.locator('a[href^="mailto:"]').count()).toBe(1);
    expect(await context.getByRole('button', { name: 'Reschedule' }).count()).toBe(1);
    expect(await context.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    // The context sits right below its row.
    const rowBox = await row.getByTestId('row-toggle').boundingBox();
    const contextBox = await context.boundingBox();
    expect(contextBox!.y).toBeGreaterThanOrEqual(rowBox!.y + rowBox!.height - 1);
    expect(contextBox!.y - (rowBox!.y + rowBox!.height)).toBeLessThan(60);
    await screenshot(page, 'today-list-open-1280');
    await row.getByTestId('row-toggle').click();
    await context.waitFor({ state: 'hidden' });

    // Keyboard: j moves, Enter opens, l logs the selected row.
    await page.reload();
    await list.cards.first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(`document.activeElement?.closest('[data-testid=agenda-card]')?.querySelector('[data-testid=row-name]')?.textContent`))
      .toBe(await list.cards.nth(1).getByTestId('row-name').textContent());
    await page.keyboard.press('Enter');
    await list.cards.nth(1).getByTestId('row-context').waitFor();
    await page.keyboard.press('k');
    await page.keyboard.press('l');
    const log = new LogDialog(page);
    await log.waitOpen();
    expect(await log.root.getByRole('heading').first().textContent()).toContain(await list.cards.nth(0).getByTestId('row-name').textContent());
    await page.keyboard.press('Escape');
    await log.root.waitFor({ state: 'detached' });
  });

  it('filters to promises only, to a channel, and to a playbook', async () => {
    // A later day of its own, so that no time has passed yet for any of them.
    const day = addDays(today, 2);
    const plan = [['Fred Filter', 'video', true], ['Gail Filter', 'video', false], ['Hal Filter', 'email', true], ['Ida Filter', 'call', false], ['Jo Filter', 'call', false]] as const;
    for (const [i, [name, channel, promised]] of plan.entries()) {
      await contactWithFollowUp(name, USER_ZONE, { local: `${day}T1${i}:00` }, { channel, promised });
    }
    const list = new TodayPage(page, server.url);
    await list.open(day);
    await expect.poll(() => list.cards.count()).toBe(5);
    await list.filterPromised.check();
    await expect.poll(() => list.cards.count()).toBe(2);
    expect(await list.summary.textContent()).toContain('Showing 2 of 5');
    expect(await list.cards.allTextContents()).toEqual([expect.stringContaining('Fred Filter'), expect.stringContaining('Hal Filter')]);
    await list.filterChannel.selectOption({ label: 'Video call' });
    await expect.poll(() => list.cards.count()).toBe(1);
    await list.filterPromised.uncheck();
    await expect.poll(() => list.cards.count()).toBe(2);
    await list.filterChannel.selectOption({ label: 'All channels' });
    await expect.poll(() => list.cards.count()).toBe(5);

    // A playbook's step: the filter offers the playbooks on the day, by name.
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Pia Playbook', timeZone: USER_ZONE, phone: '+44 20 7946 0001' });
    const enrolled = await server.api<{ nextFollowUp: { dueAt: string } }>('POST', '/enrollments', { contactId: contact.body.id, playbookKey: 'voicemail-series' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const stepDay = wallIn(Date.parse(enrolled.body.nextFollowUp.dueAt), USER_ZONE).date;
    await list.open(stepDay === today ? undefined : stepDay);
    await list.filterPlaybook.selectOption({ label: 'Voicemail series' });
    await expect.poll(() => list.cards.count()).toBe(1);
    expect(await list.cards.first().textContent()).toContain('Pia Playbook');
    expect(await list.cards.first().textContent()).toContain('Voicemail series');
    await list.filterPlaybook.selectOption({ label: 'Not from a playbook' });
    await expect.poll(() => list.card('Pia Playbook').count()).toBe(0);
  });

  it('shows a later day\'s own items: no overdue section and no "reachable now"', async () => {
    const later = addDays(today, 9); // a day no playbook step of the tests above falls on
    await contactWithFollowUp('Fay Future', USER_ZONE, { local: `${later}T10:00` });
    const list = new TodayPage(page, server.url);
    await list.open(later);
    await expect.poll(() => list.cards.count()).toBe(1);
    expect(await list.overdueCards.count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Overdue/ }).count()).toBe(0);
    expect(await page.getByText(/reachable now/i).count()).toBe(0);
    expect(await list.summary.textContent()).not.toMatch(/overdue/);
    expect(await list.card('Fay Future').textContent()).toContain('Fay Future');
  });

  it('on a phone: rows fit 390 px, the context opens below its row, and no keyboard hint', async () => {
    const phone = await browser.newPage({ width: 390, height: 844 });
    const list = new TodayPage(phone, server.url);
    await list.open();
    await expect.poll(() => list.cards.count()).toBeGreaterThanOrEqual(25);
    expect(await horizontalOverflow(phone)).toBe(0);
    expect(await phone.getByTestId('keyboard-hint').isVisible()).toBe(false);
    const row = list.cards.nth(1);
    await row.getByTestId('row-toggle').click();
    const context = row.getByTestId('row-context');
    await context.waitFor();
    const rowBox = await row.getByTestId('row-toggle').boundingBox();
    const contextBox = await context.boundingBox();
    expect(contextBox!.y).toBeGreaterThanOrEqual(rowBox!.y + rowBox!.height - 1);
    expect(contextBox!.x).toBeGreaterThanOrEqual(0);
    expect(contextBox!.x + contextBox!.width).toBeLessThanOrEqual(390);
    expect(await horizontalOverflow(phone)).toBe(0);
    await row.getByRole('button', { name: /Log outcome/ }).click();
    await new LogDialog(phone).waitOpen();
    await phone.keyboard.press('Escape');
    await screenshot(phone, 'today-list-390-open');
    await phone.close();
  });

  it('shows the keyboard hint on a desktop', async () => {
    const list = new TodayPage(page, server.url);
    await list.open();
    expect(await page.getByTestId('keyboard-hint').isVisible()).toBe(true);
  });

  it('never opened a browser dialog', () => {
    expect(dialogs).toEqual([]);
  });
});
