import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TodayPage } from './pages/today.js';
import { addDays, closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

const USER_ZONE = 'Europe/London';

/** Issue 16 item 6: tasks that belong to no contact, on Today: added inline, ticked off (with undo), shown offline. */
describe('tasks on Today', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let today: TodayPage;
  let date: string;

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true, serviceWorkers: true, timeZone: USER_ZONE, viewport: { width: 1280, height: 800 } }));
    today = new TodayPage(page, server.url);
    date = wallIn(Date.now(), USER_ZONE).date;
  });
  afterAll(() => closeAll(browser, server));

  const section = () => page.getByTestId('today-tasks');
  const titles = async (): Promise<string[]> => section().getByTestId('task').locator('label').allTextContents();

  it('says what tasks are for while there are none', async () => {
    await today.open();
    await section().getByTestId('tasks-empty').waitFor();
    expect(await section().getByTestId('tasks-empty').textContent()).toMatch(/Tasks are your own to-dos that belong to no client/);
    expect(await section().getByLabel('Due').inputValue()).toBe(date);
  });

  it('adds a task with the keyboard, shows it with an overdue one, completes it, and undoes that', async () => {
    const overdue = await server.api('POST', '/tasks', { title: 'Send Acme the signed NDA', due: addDays(date, -2) });
    expect(overdue.status, JSON.stringify(overdue.body)).toBe(201);
    expect((await server.api('POST', '/tasks', { title: 'Quarterly review deck', due: addDays(date, 3) })).status).toBe(201);
    await today.open();
    await section().getByTestId('task').first().waitFor();
    expect(await titles()).toEqual(['Send Acme the signed NDA']);
    await section().getByTestId('task').getByText('Overdue').waitFor();

    // An empty title is refused in words, and nothing is added.
    await section().getByRole('button', { name: 'Add task' }).click();
    await section().getByRole('alert').getByText(/The task is required/).waitFor();

    const title = section().getByLabel('New task');
    await title.fill('Prepare the proposal for Harbour Logistics');
    await title.press('Enter');
    await expect.poll(titles).toEqual(['Send Acme the signed NDA', 'Prepare the proposal for Harbour Logistics']);
    expect(await title.inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('task-title');

    expect(await seriousViolations(page, '[data-testid=today-tasks]')).toEqual([]);
    await section().scrollIntoViewIfNeeded();
    await screenshot(page, 'tasks-today-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await section().scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'tasks-today-390');
    expect(await seriousViolations(page, '[data-testid=today-tasks]')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Tick it with the keyboard: it leaves the list, and can be brought back.
    const tick = section().getByRole('checkbox', { name: 'Prepare the proposal for Harbour Logistics' });
    await tick.focus();
    await page.keyboard.press('Space');
    await expect.poll(titles).toEqual(['Send Acme the signed NDA']);
    await section().getByTestId('task-done').getByText('Prepare the proposal for Harbour Logistics', { exact: true }).waitFor();
    expect(await seriousViolations(page, '[data-testid=today-tasks]')).toEqual([]);
    await screenshot(page, 'tasks-done-1280');
    await section().getByRole('button', { name: 'Undo completing “Prepare the proposal for Harbour Logistics”' }).click();
    await expect.poll(titles).toEqual(['Send Acme the signed NDA', 'Prepare the proposal for Harbour Logistics']);
    await section().getByTestId('task').nth(1).getByRole('checkbox').click();
    await expect.poll(titles).toEqual(['Send Acme the signed NDA']);

    const listed = await server.api<{ items: { title: string }[] }>('GET', '/tasks?status=done');
    expect(listed.body.items.map((t) => t.title)).toEqual(['Prepare the proposal for Harbour Logistics']);
    expect(dialogs).toEqual([]);
  });

  it('shows the tasks offline, read only', async () => {
    await today.open();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    await today.open();
    await section().getByTestId('task').first().waitFor();
    await page.context().setOffline(true);
    try {
      await page.reload();
      await page.getByTestId('offline-agenda').waitFor();
      await expect.poll(titles).toEqual(['Send Acme the signed NDA']);
      expect(await section().getByRole('checkbox').isDisabled()).toBe(true);
      expect(await section().getByLabel('New task').count()).toBe(0);
      expect(await seriousViolations(page, '[data-testid=today-tasks]')).toEqual([]);
    } finally {
      await page.context().setOffline(false);
    }
  });
});
