import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, closeAll, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

/** Issue 15 item 2: the reminder lead is set in Settings, and an event in the calendar feed opens its follow-up in the app. */
describe('calendar alarms and links', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let followUpId = '';

  beforeAll(async () => {
    ({ server, browser, page } = await startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Bob Marsh', timeZone: 'America/Los_Angeles', email: 'bob@example.com' });
    const date = addDays(wallIn(Date.now(), 'America/Los_Angeles').date, 3);
    // Several open follow-ups, so the linked one must be picked out.
    for (const [i, agenda] of ['send the contract', 'pilot scope', 'renewal terms'].entries()) {
      const made = await server.api<{ id: string }>('POST', '/follow-ups', { contactId: contact.body.id, due: { local: `${addDays(date, i)}T1${i}:00` }, channel: 'video', agenda });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      if (agenda === 'pilot scope') followUpId = made.body.id;
    }
  });
  afterAll(() => closeAll(browser, server));

  it('the feed event\'s URL opens the contact with that follow-up marked and in view', async () => {
    const made = await server.api<{ icalUrl: string }>('POST', '/me/ical-secret');
    const feed = await (await fetch(made.body.icalUrl)).text();
    const vevent = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('uid')).includes(followUpId))!;
    const url = String(vevent.getFirstPropertyValue('url'));
    expect(url.startsWith(`${server.url}/#/contacts/`)).toBe(true);
    await page.goto(url);
    const linked = page.locator('[data-testid=follow-up][aria-current=true]');
    await linked.waitFor();
    expect(await linked.textContent()).toContain('pilot scope');
    expect(await page.locator('[data-testid=follow-up][aria-current]').count()).toBe(1);
    expect(await linked.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'calendar-link-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await linked.scrollIntoViewIfNeeded();
    await screenshot(page, 'calendar-link-390');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('sets the reminder lead in Settings, refusing one longer than a day with a message naming it', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/settings`);
    const field = page.getByLabel('Reminder, minutes before a timed follow-up');
    await field.waitFor();
    expect(await field.inputValue()).toBe('10');
    const you = page.locator('section[aria-labelledby=profile-title]');
    await field.fill('2000');
    await you.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => you.getByTestId('field-error').allTextContents()).toEqual([expect.stringMatching(/^Reminder.*1440/)]);
    expect((await server.api<{ user: { reminderMinutes: number } }>('GET', '/me')).body.user.reminderMinutes).toBe(10);
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-reminder-refused-1280');
    await field.fill('25');
    await you.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await server.api<{ user: { reminderMinutes: number } }>('GET', '/me')).body.user.reminderMinutes).toBe(25);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-reminder-390');
  });
});
