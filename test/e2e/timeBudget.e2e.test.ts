import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import { closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** Issue 10 items 6 and 10 in the browser: minutes in the log dialog, spent/budget on the contact page, newsletter consent. */
describe('time budget and newsletter consent on the contact page', () => {
  let server: E2eServer;
  let browser: Browser;
  let contactId: string;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    const contact = await server.api<{ id: string }>('POST', '/contacts', {
      name: 'Tara Budget', timeZone: 'Europe/London', email: 'tara@example.com', timeBudgetMinutes: 60,
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.id;
  });
  afterAll(() => closeAll(browser, server));

  it('logs the minutes a touch took and shows the time spent against the budget', async () => {
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    const summary = page.getByTestId('time-budget-summary');
    await summary.getByText('Time spent: 0 min of the 1 h set aside for them.').waitFor();

    await profile.logTouch();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Letter');
    const minutes = log.root.getByLabel('Time it took (minutes)');
    expect(await minutes.getAttribute('placeholder')).toBe('15');
    await minutes.fill('a while');
    await log.submit();
    await log.root.getByText('Time it took: a whole number of minutes, from 0 to 1440 (a day).').first().waitFor();
    await minutes.fill('25');
    await log.notes('Handwritten thank-you for the visit');
    await screenshot(page, 'log-dialog-minutes');
    await log.submit();
    await log.result_.waitFor();
    await log.done();
    await summary.getByText('Time spent: 25 min of the 1 h set aside for them.').waitFor();
    await profile.timeline.getByText(/ · 25 min$/).waitFor();

    await page.getByRole('button', { name: 'Set their time budget' }).click();
    const budget = page.getByLabel('Time budget (minutes)');
    await budget.fill('20');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await summary.getByText('Time spent: 25 min of the 20 min set aside for them — the budget is used up.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'contact-time-budget');
  });

  it('shows the time spent against the budget on the contact\'s agenda item', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const planned = await server.api('POST', '/follow-ups', { contactId, due: { date: today }, channel: 'call', agenda: 'spring release', promised: false });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const page = await browser.newPage();
    const agenda = new TodayPage(page, server.url);
    await agenda.open();
    const context = await agenda.expand('Tara Budget');
    await context.getByTestId('agenda-time-budget').getByText('Time spent: 25 min of the 20 min set aside for them — the budget is used up.').waitFor();
    await screenshot(page, 'today-time-budget');
    const phone = await browser.newPage({ width: 390, height: 844 });
    const small = new TodayPage(phone, server.url);
    await small.open();
    const smallContext = await small.expand('Tara Budget');
    await smallContext.getByTestId('agenda-time-budget').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(phone)).toBe(0);
    await screenshot(phone, 'today-time-budget-phone');
  });

  it('records that they want the newsletter, with what they said, and offers the list on the export page', async () => {
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    const newsletter = page.getByTestId('newsletter-summary');
    await newsletter.getByText('Not asked yet whether they want the newsletter.').waitFor();
    await page.getByRole('button', { name: 'They want the newsletter…' }).click();
    const dialog = page.getByTestId('newsletter-dialog');
    await dialog.getByRole('button', { name: 'Save their answer' }).click();
    await dialog.getByText('Write what they said, in their words if you have them.').first().waitFor();
    await dialog.getByLabel('What they said').fill('Yes, keep me posted about the spring release');
    await dialog.getByLabel('How they told you').selectOption('call');
    await dialog.getByRole('button', { name: 'Save their answer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await newsletter.getByText(/^Wants the newsletter \(said yes on \w{3} \d{1,2} \w{3}, \d{2}:\d{2}\)\.$/).waitFor();
    await page.getByText('A call: Yes, keep me posted about the spring release').waitFor();
    await screenshot(page, 'contact-newsletter');

    const phone = await browser.newPage({ width: 390, height: 844 });
    const small = new ContactPage(phone, server.url);
    await small.open(contactId);
    await phone.getByTestId('time-budget-summary').getByText(/Time spent: 25 min/).waitFor();
    await phone.getByTestId('newsletter-summary').getByText(/Wants the newsletter/).waitFor();
    expect(await horizontalOverflow(phone)).toBe(0);
    await phone.getByTestId('time-budget').scrollIntoViewIfNeeded();
    await screenshot(phone, 'contact-time-budget-phone');
    await phone.getByTestId('newsletter').scrollIntoViewIfNeeded();
    await screenshot(phone, 'contact-newsletter-phone');

    await page.goto(`${server.url}/#/import`);
    const link = page.getByRole('link', { name: 'Download newsletter list (CSV)' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/api/v1/export/newsletter.csv');
    const csv = await page.evaluate(async () => (await fetch('/api/v1/export/newsletter.csv')).text());
    expect(csv).toContain('Tara Budget,tara@example.com');
  });
});
