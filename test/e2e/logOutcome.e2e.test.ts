import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { ContactsPage } from './pages/contacts.js';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import { addDays, closeAll, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

const USER_ZONE = 'Europe/London';
const CLIENT_ZONE = 'Asia/Tokyo';

/** The instant of a wall time in a zone (test-side check, independent of the app's own helpers). */
function instantOf(date: string, time: string, zone: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  for (const offsetHours of Array.from({ length: 31 }, (_, i) => i - 14)) {
    const candidate = guess - offsetHours * 3_600_000;
    const wall = wallIn(candidate, zone);
    if (wall.date === date && wall.time === time) return candidate;
  }
  throw new Error('no such wall time');
}

describe('logging an outcome', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let contactId = '';
  let londonDate = '';
  let londonTime = '';

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ timeZone: USER_ZONE }));
  });
  afterAll(() => closeAll(browser, server));

  it('shows the API\'s field errors next to their fields and keeps what was typed', async () => {
    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await contacts.create({ name: 'Haruki Sato', email: 'not-an-email', company: 'Kobe Steelworks', timeZone: CLIENT_ZONE, preferredChannel: 'Coffee' });
    const emailField = contacts.dialog.locator('.field', { has: page.getByLabel('Email', { exact: true }) });
    await expect.poll(() => emailField.getByTestId('field-error').count()).toBe(1);
    expect(await contacts.dialog.getByLabel('Name').inputValue()).toBe('Haruki Sato');
    expect(await contacts.dialog.getByLabel('Company').inputValue()).toBe('Kobe Steelworks');

    await contacts.dialog.getByLabel('Email').fill('haruki@kobe.example');
    await contacts.dialog.getByRole('button', { name: 'Save contact' }).click();
    const contact = new ContactPage(page, server.url);
    await contact.heading.waitFor();
    expect(await contact.heading.textContent()).toBe('Haruki Sato');
    contactId = decodeURIComponent(page.url().split('/').pop() ?? '');
  });

  it('insists on an outcome after a conversation and on the date of a next step', async () => {
    const contact = new ContactPage(page, server.url);
    await contact.open(contactId);
    await contact.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Meeting');
    await log.notes('Met at their office; they want a coffee to go through pricing.');
    await log.submit();
    await expect.poll(() => log.fieldErrors.allTextContents()).toEqual([expect.stringMatching(/choose how it ended/)]);
    await log.outcome('Next step');
    await log.root.getByLabel(/^Date \(their date/).fill('');
    await log.submit();
    await expect.poll(() => log.fieldErrors.allTextContents()).toEqual([expect.stringMatching(/date they agreed/)]);
    expect(await log.root.getByLabel('Notes').inputValue()).toMatch(/Met at their office/);
    await page.keyboard.press('Escape');
  });

  it('logs a meeting with a next step in the client\'s zone and finds it on that day\'s Today', async () => {
    const contact = new ContactPage(page, server.url);
    await contact.open(contactId);
    await contact.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Meeting');
    await log.result('Held: the meeting took place');
    await log.notes('Walked through the 20-seat proposal.');
    await log.outcome('Next step');
    // 08:00 in Tokyo, ten days from now: the evening before in London.
    const tokyoDate = addDays(wallIn(Date.now(), CLIENT_ZONE).date, 10);
    await log.nextStep({ date: tokyoDate, time: '08:00', channel: 'Coffee', agenda: 'pricing for 20 seats', progress: 'the volume discount' });
    const instant = instantOf(tokyoDate, '08:00', CLIENT_ZONE);
    ({ date: londonDate, time: londonTime } = wallIn(instant, USER_ZONE));
    await expect.poll(() => log.userEquivalent.textContent()).toContain(`${londonTime} your time`);
    await log.submit();
    await log.result_.waitFor();
    expect(await log.nextSummary.textContent()).toMatch(new RegExp(`coffee on .*08:00.* their time \\(Tokyo\\).*${londonTime}.* your time`));
    await log.done();
    await expect.poll(() => contact.followUps.count()).toBe(1);
    await expect.poll(() => contact.timeline.locator('li').count()).toBe(1);

    const today = new TodayPage(page, server.url);
    await today.open(londonDate);
    const card = today.card('Haruki Sato');
    await card.waitFor();
    const times = await card.getByTestId('card-times').textContent();
    expect(times).toContain(`${londonTime} your time`);
    expect(times).toContain('08:00 their time in Tokyo');
    expect(await card.textContent()).toContain('pricing for 20 seats');
    // What they said would move it forward is in the row's context, drawn when the row is opened.
    expect(await (await today.expand('Haruki Sato')).textContent()).toContain('the volume discount');
    expect(await card.locator('.badge', { hasText: 'Promised' }).count()).toBe(1);
  });

  it('warns plainly when the agreed coffee is logged as a phone call', async () => {
    const today = new TodayPage(page, server.url);
    await today.open(londonDate);
    await today.openLog('Haruki Sato');
    const log = new LogDialog(page);
    await log.waitOpen();
    expect(await log.root.getByLabel('Channel used').inputValue()).toBe('coffee'); // the agreed channel is the default
    await log.channel('Phone call');
    await log.result('Connected: we spoke');
    await log.outcome('Yes');
    await log.submit();
    await log.warnings.waitFor();
    expect(await log.warning('channel-mismatch').textContent()).toMatch(/Not the channel they chose:.*coffee/i);
    await log.done();
    await expect.poll(() => today.card('Haruki Sato').count()).toBe(0);
  });

  it('reschedules with a reason, then cancels with a reason', async () => {
    const created = await server.api<{ id: string }>('POST', '/contacts', { name: 'Priya Nair', timeZone: 'Asia/Kolkata', preferredChannel: 'call' });
    const due = await server.api('POST', '/follow-ups', { contactId: created.body.id, due: { date: wallIn(Date.now(), USER_ZONE).date }, channel: 'call', agenda: 'renewal terms' });
    expect(due.status).toBe(201);
    const today = new TodayPage(page, server.url);
    await today.open();
    const context = await today.expand('Priya Nair');
    await context.getByRole('button', { name: 'Reschedule' }).click();
    const reschedule = page.getByTestId('reschedule-dialog');
    await reschedule.getByRole('button', { name: 'Reschedule' }).click();
    await expect.poll(() => reschedule.getByTestId('field-error').allTextContents()).toEqual([expect.stringMatching(/why it moves/)]);
    await reschedule.getByLabel('Why does it move?').fill('they asked to move it to next week');
    await reschedule.getByLabel(/^Date \(their date/).fill(addDays(wallIn(Date.now(), 'Asia/Kolkata').date, 7));
    await reschedule.getByRole('button', { name: 'Reschedule' }).click();
    await reschedule.waitFor({ state: 'detached' });
    await expect.poll(() => today.card('Priya Nair').count()).toBe(0);

    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await contacts.rows.filter({ hasText: 'Priya Nair' }).getByRole('link').click();
    const contact = new ContactPage(page, server.url);
    await contact.followUps.first().getByRole('button', { name: 'Cancel' }).click();
    const cancel = page.getByTestId('cancel-dialog');
    await cancel.getByLabel('Reason').fill('they bought elsewhere');
    await cancel.getByRole('button', { name: 'Cancel follow-up' }).click();
    await cancel.waitFor({ state: 'detached' });
    await page.getByText('Earlier (1)').click();
    await expect.poll(() => contact.followUps.first().textContent()).toMatch(/Reason: they bought elsewhere.*cancelled/);
  });

  it('records a "no" and shows the contact as do-not-contact', async () => {
    const created = await server.api<{ id: string }>('POST', '/contacts', { name: 'Olga Petrova', timeZone: 'Europe/Moscow', preferredChannel: 'call' });
    await server.api('POST', '/follow-ups', { contactId: created.body.id, due: { date: addDays(wallIn(Date.now(), USER_ZONE).date, 3) }, channel: 'call' });
    const contact = new ContactPage(page, server.url);
    await contact.open(created.body.id);
    await contact.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Phone call');
    await log.result('Connected: we spoke');
    await log.outcome('No');
    await expect.poll(() => log.root.getByRole('note').textContent()).toMatch(/marks them do-not-contact/);
    await log.submit();
    await log.result_.waitFor();
    expect(await log.result_.textContent()).toMatch(/said no/);
    await log.done();

    await contact.doNotContactBadge.waitFor();
    expect(await contact.doNotContactBanner.textContent()).toMatch(/Reason: said no/);
    expect(await page.getByRole('button', { name: 'Schedule follow-up' }).count()).toBe(0);
    await page.getByText('Earlier (1)').click();
    await expect.poll(() => contact.followUps.first().textContent()).toMatch(/cancelled/);

    const contacts = new ContactsPage(page, server.url);
    await contacts.open('?dnc=only');
    await expect.poll(() => contacts.rows.allTextContents()).toEqual([expect.stringMatching(/Olga Petrova.*Do not contact/)]);
    expect(dialogs).toEqual([]);
  });
});
