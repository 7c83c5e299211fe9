import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { LogDialog } from './pages/logDialog.js';
import { TodayPage } from './pages/today.js';
import { addDays, closeAll, horizontalOverflow, screenshot, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

const ZONE = 'Europe/London';

describe('after a yes, and how each client buys', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ timeZone: ZONE, viewport: { width: 1280, height: 800 } }));
    const today = wallIn(Date.now(), ZONE).date;
    for (const [name, buyingProcess] of [['Bo Buyer', 'The CFO signs anything over £10k'], ['Una Unknown', null]] as const) {
      const contact = await server.api<{ id: string }>('POST', '/contacts', {
        name, timeZone: ZONE, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, phone: '+44 20 7946 0000',
        interest: 'real', canBuy: 'yes', ...(buyingProcess ? { buyingProcess } : {}),
      });
      expect(contact.status, JSON.stringify(contact.body)).toBe(201);
      ids[name] = contact.body.id;
      const followUp = await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { date: today }, channel: 'call', agenda: 'the pilot order' });
      expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    }
  });
  afterAll(() => closeAll(browser, server));

  it('shows on Today how each client buys, and says to ask when nobody knows yet', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    const known = await today.expand('Bo Buyer');
    expect(await known.getByTestId('buying-process').textContent()).toContain('The CFO signs anything over £10k');
    expect(await known.locator('.checklist li').allTextContents()).not.toContain('Ask how their company buys: who decides, what approval it needs.');
    await known.getByTestId('buying-process').scrollIntoViewIfNeeded();
    await screenshot(page, 'after-yes-today-buying-1280');
    const unknown = await today.expand('Una Unknown');
    expect(await unknown.getByTestId('buying-process').textContent()).toContain('Not known yet');
    expect(await unknown.locator('.checklist li').allTextContents()).toContain('Ask how their company buys: who decides, what approval it needs.');
    await page.setViewportSize({ width: 390, height: 844 });
    await unknown.getByTestId('buying-process').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'after-yes-today-buying-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('after a yes, the log dialog offers the service check-in and thank-you playbooks, each enrolled with one click', async () => {
    const today = new TodayPage(page, server.url);
    await today.open();
    await today.openLog('Bo Buyer');
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.result('Connected: we spoke');
    await log.outcome('Yes');
    await log.submit();
    await log.result_.waitFor();
    const offers = log.root.getByTestId('after-yes');
    await offers.waitFor();
    expect(await offers.getByRole('button', { name: 'Enrol in Service check-in' }).count()).toBe(1);
    expect(await offers.getByRole('button', { name: 'Enrol in Thank-you anniversary' }).count()).toBe(1);
    await screenshot(page, 'after-yes-logged-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'after-yes-logged-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await offers.getByRole('button', { name: 'Enrol in Service check-in' }).click();
    const enrolled = offers.getByTestId('after-yes-enrolled');
    await enrolled.waitFor();
    expect(await enrolled.textContent()).toMatch(/^Enrolled in Service check-in\./);
    await screenshot(page, 'after-yes-enrolled-1280');
    // By default a workspace runs one playbook at a time per contact: the second offer says so in words.
    await offers.getByRole('button', { name: 'Enrol in Thank-you anniversary' }).click();
    const refused = offers.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Not enrolled in Thank-you anniversary: they are already in a playbook, and this workspace runs one at a time (Settings can allow several).');
    const enrollments = await server.api<{ items: { playbookKey: string; state: string }[] }>('GET', `/enrollments?contactId=${ids['Bo Buyer']}`);
    expect(enrollments.body.items.map((e) => e.playbookKey)).toEqual(['service-check-in']);
    const contact = await server.api<{ relationship: string; customerSince: string | null }>('GET', `/contacts/${ids['Bo Buyer']}`);
    expect(contact.body).toMatchObject({ relationship: 'customer', customerSince: wallIn(Date.now(), ZONE).date });
    await log.done();
    expect(dialogs).toEqual([]);
  });

  it('the contact page schedules something you owe them: what, by when, always a promise', async () => {
    const contact = new ContactPage(page, server.url);
    await contact.open(ids['Una Unknown'] ?? '');
    await page.getByRole('button', { name: 'Schedule follow-up' }).click();
    const dialog = page.getByTestId('schedule-dialog');
    await dialog.getByLabel('Kind').selectOption({ label: 'I owe them… (something to send, an answer, news)' });
    expect(await dialog.getByTestId('owed-hint').textContent()).toContain('what you owe them');
    expect(await dialog.getByLabel('They agreed to this: it is a promise').count()).toBe(0);
    await dialog.getByLabel(/^Date \(their date/).fill(addDays(wallIn(Date.now(), ZONE).date, 3));
    await dialog.getByLabel('Agreed agenda').fill('the signed order form');
    await screenshot(page, 'owed-schedule-1280');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    const followUps = await server.api<{ items: { kind: string; promised: boolean; agenda: string | null }[] }>('GET', `/follow-ups?contactId=${ids['Una Unknown']}&status=open`);
    expect(followUps.body.items.filter((f) => f.kind === 'owed')).toEqual([expect.objectContaining({ promised: true, agenda: 'the signed order form' })]);
  });
});
