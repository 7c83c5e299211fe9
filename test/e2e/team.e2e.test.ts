import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamPage } from './pages/team.js';
import {
  addDays, closeAll, horizontalOverflow, launchBrowser, logIn, screenshot, seriousViolations, startE2e, wallIn, type Browser, type E2eServer,
} from './support/harness.js';
import type { Page } from 'playwright-core';

const MARK = { email: 'mark@example.com', password: 'mark password 123', name: 'Mark Member' };

describe('the manager\'s view', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let markBrowser: Browser | undefined;

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ bypassCSP: true }));
    const mark = await server.api<{ id: string }>('POST', '/users', { ...MARK, role: 'member' });
    expect(mark.status).toBe(201);
    const yesterday = addDays(wallIn(Date.now(), 'Europe/London').date, -1);
    const amy = await server.api<{ id: string }>('POST', '/contacts', { name: 'Amy Archer', timeZone: 'Europe/London', company: 'Archer & Sons' });
    const late = await server.api('POST', '/follow-ups', { contactId: amy.body.id, due: { local: `${yesterday}T10:00` }, channel: 'call', promised: true, agenda: 'the renewal quote' });
    expect(late.status).toBe(201);
    const bob = await server.api<{ id: string }>('POST', '/contacts', { name: 'Bob Baker', timeZone: 'Europe/London' });
    expect((await server.api('POST', '/opportunities', { contactId: bob.body.id, title: 'Bob\'s renewal' })).status).toBe(201);
    expect((await server.api('POST', '/contacts', { name: 'Lee Long', timeZone: 'Europe/London', ownerId: mark.body.id })).status).toBe(201);
  });
  afterAll(() => closeAll(markBrowser, browser, server));

  it('shows an owner the team, and drills into a salesperson\'s late promises', async () => {
    const team = new TeamPage(page, server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    await team.open();
    expect(await team.rows.count()).toBe(2);
    await team.row('Olivia Owner').waitFor();
    const late = team.figure('Olivia Owner', 'late now');
    expect(await late.textContent()).toBe('1');
    await late.click();
    await team.drill.getByRole('heading', { name: 'Late promises: Olivia Owner' }).waitFor();
    await team.drill.getByRole('link', { name: 'Amy Archer' }).waitFor();
    expect(await team.drill.textContent()).toContain('the renewal quote');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'team-owner-1280');

    // Sorting by a figure puts the most late first.
    await team.table.getByRole('button', { name: 'Late now', exact: true }).click();
    expect(await team.rows.first().getByRole('cell').first().textContent()).toBe('Olivia Owner');
    await team.figure('Mark Member', 'no next step').click();
    await team.drill.getByRole('link', { name: 'Lee Long' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await team.open();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'team-owner-390');
    expect(dialogs).toEqual([]);
  });

  it('shows a member only their own figures', async () => {
    markBrowser = await launchBrowser({ bypassCSP: true });
    await logIn(markBrowser.context, server.url, MARK.email, MARK.password);
    const markPage = await markBrowser.newPage({ width: 1280, height: 800 });
    const team = new TeamPage(markPage, server.url);
    await team.open('Your figures');
    expect(await team.rows.count()).toBe(1);
    await team.row('Mark Member').waitFor();
    expect(await markPage.getByRole('cell', { name: 'Olivia Owner' }).count()).toBe(0);
    expect(await team.figure('Mark Member', 'no next step').textContent()).toBe('1');
    expect(await seriousViolations(markPage)).toEqual([]);
    await screenshot(markPage, 'team-member-1280');
  });
});
