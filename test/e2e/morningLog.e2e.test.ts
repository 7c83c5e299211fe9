import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { ContactsPage } from './pages/contacts.js';
import { LogDialog } from './pages/logDialog.js';
import { addDays, closeAll, screenshot, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

interface FollowUp { id: string; status: string; dueAt: string }
interface Contact { id: string; timeZone: string; reachable: { days: number[]; from: string; to: string }[] }

/** Issue 9 items 3, 4, 11, 12 and 13 in the browser: words a salesperson understands, one name, no past next steps, zones by city. */
describe('the morning loop tells the truth', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let contact: Contact;

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e());
  });
  afterAll(() => closeAll(browser, server));

  it('speaks in sentences naming the field, takes a city for a time zone, defaults to your zone and asks for reachable hours', async () => {
    const contacts = new ContactsPage(page, server.url);
    await contacts.open();
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = contacts.dialog;
    expect(await dialog.getByLabel('Their time zone').inputValue()).toBe('Europe/London');
    expect(await dialog.getByTestId('reachable-fields').getByLabel('From').inputValue()).toBe('09:00');

    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    const nameError = dialog.locator('.field', { has: page.getByLabel('Name', { exact: true }) }).getByTestId('field-error');
    await expect.poll(() => nameError.textContent()).toBe('Name is required.');
    const emailError = dialog.locator('.field', { has: page.getByLabel('Email', { exact: true }) }).getByTestId('field-error');
    expect(await emailError.textContent()).toBe('Email is not an email address.');
    expect(await dialog.textContent()).not.toMatch(/Too small|expected string|>=1/);

    await dialog.getByLabel('Name').fill('Jonas Weber');
    await dialog.getByLabel('Email').fill('jonas@weber.example');
    await dialog.getByLabel('Their time zone').fill('Berlin');
    await dialog.getByLabel('Company').focus();
    expect(await dialog.getByLabel('Their time zone').inputValue()).toBe('Europe/Berlin');
    await dialog.getByLabel('Their time zone').fill('Los');
    await dialog.getByTestId('zone-suggestions').getByRole('button', { name: 'America/Los_Angeles' }).click();
    expect(await dialog.getByLabel('Their time zone').inputValue()).toBe('America/Los_Angeles');
    await dialog.getByLabel('Their time zone').fill('berlin');
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await new ContactPage(page, server.url).heading.waitFor();
    const id = decodeURIComponent(page.url().split('/').pop() ?? '');
    contact = (await server.api<Contact>('GET', `/contacts/${id}`)).body;
    expect(contact.timeZone).toBe('Europe/Berlin');
    expect(contact.reachable).toEqual([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }]);
  });

  it('on the contact page, "Log outcome" fulfils the follow-up due today; a video call defaults to held', async () => {
    // The client moves to London, the salesperson's zone: from 23:00 to midnight UTC a date in Berlin is
    // either tomorrow for the salesperson (not due yet) or already over for the client (a late promise).
    const moved = await server.api<Contact>('PATCH', `/contacts/${contact.id}`, { timeZone: 'Europe/London' });
    expect(moved.status).toBe(200);
    contact = moved.body;
    const today = wallIn(Date.now(), contact.timeZone).date;
    const created = await server.api<FollowUp>('POST', '/follow-ups', { contactId: contact.id, due: { date: today }, channel: 'video', agenda: 'the rollout plan', promised: true });
    expect(created.status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Log outcome' }).first().click();
    const log = new LogDialog(page);
    await log.waitOpen();
    expect(await log.root.getByRole('heading').first().textContent()).toBe('Log outcome: Jonas Weber');
    expect(await log.root.getByTestId('fulfils-select').inputValue()).toBe(created.body.id);
    expect(await log.root.getByLabel('Channel used').inputValue()).toBe('video');
    expect(await log.root.getByLabel('Result').inputValue()).toBe('held');
    await log.outcome('No agreement yet');
    await screenshot(page, 'log-dialog-fulfils');
    await log.submit();
    await log.result_.waitFor();
    expect(await log.result_.textContent()).toMatch(/The promise was kept/);
    await log.done();
    expect((await server.api<FollowUp>('GET', `/follow-ups/${created.body.id}`)).body.status).toBe('done');
    // One name for the one action, everywhere on the page.
    expect(await page.getByRole('button', { name: /^Log (a )?touch$|^Log$/ }).count()).toBe(0);
  });

  it('refuses a next step in the past before sending it, and says a follow-up moved into the past stays an overdue promise', async () => {
    const before = (await server.api<{ items: unknown[] }>('GET', `/follow-ups?contactId=${contact.id}`)).body.items.length;
    await page.getByRole('button', { name: 'Log outcome' }).first().click();
    const log = new LogDialog(page);
    await log.waitOpen();
    await log.channel('Phone call');
    await log.result('Connected: we spoke');
    await log.outcome('Next step');
    const yesterday = addDays(wallIn(Date.now(), contact.timeZone).date, -1);
    await log.nextStep({ date: yesterday, time: '10:00' });
    await log.root.getByTestId('past-due-warning').waitFor();
    // The coach reads along where the agenda is written (issue 9 item 9).
    await log.root.getByLabel('Agreed agenda').fill('Just checking in to touch base about things');
    await expect.poll(() => log.root.locator('[data-testid=coach-flag][data-code=generic-opener]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await log.submit();
    const timeError = log.root.locator('.field', { has: page.getByLabel('Time (their time)') }).getByTestId('field-error');
    await expect.poll(() => timeError.textContent()).toMatch(/already passed/);
    expect(await log.root.getByTestId('log-result').count()).toBe(0);
    await log.root.getByRole('button', { name: 'Cancel' }).click();
    expect((await server.api<{ items: unknown[] }>('GET', `/follow-ups?contactId=${contact.id}`)).body.items.length).toBe(before);

    const next = await server.api<FollowUp>('POST', '/follow-ups', { contactId: contact.id, due: { local: `${addDays(wallIn(Date.now(), contact.timeZone).date, 3)}T10:00` }, channel: 'call' });
    await page.reload();
    await page.getByRole('button', { name: 'Reschedule' }).first().click();
    const reschedule = page.getByTestId('reschedule-dialog');
    await reschedule.getByLabel(/^Date \(their date/).fill(yesterday);
    expect(await reschedule.getByTestId('past-due-warning').textContent()).toMatch(/kept as an overdue promise/);
    await screenshot(page, 'reschedule-past-due');
    expect(next.status).toBe(201);
    expect(dialogs).toEqual([]);
  });
});
