import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { PlaybooksPage } from './pages/playbooks.js';
import { launchBrowser, logIn, startServer, watchDialogs, type Browser, type E2eServer } from './support/harness.js';

interface Playbook { id: string; key: string; name: string }

describe('playbooks', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let playbooks: Playbook[] | null = null;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await server.setUp('America/New_York');
    await logIn(browser.context, server.url);
    page = await browser.newPage();
    dialogs = watchDialogs(page);
    const response = await server.api<{ items: Playbook[] }>('GET', '/playbooks');
    playbooks = response.status === 200 ? response.body.items : null;
    if (!playbooks) console.warn(`e2e: GET /api/v1/playbooks → ${response.status}: the playbooks API is not on this server yet`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the built-in playbooks with their steps', async (context) => {
    if (!playbooks) return context.skip();
    const list = new PlaybooksPage(page, server.url);
    await list.open();
    await expect.poll(() => list.playbooks.count()).toBeGreaterThanOrEqual(6);
    const series = playbooks.find((p) => p.key === 'voicemail-series');
    expect(series).toBeDefined();
    await list.playbooks.filter({ hasText: series?.name ?? '' }).getByRole('link', { name: 'Steps' }).click();
    await expect.poll(() => page.getByTestId('step').count()).toBeGreaterThan(3);
  });

  it('enrols a contact in a playbook from the contact page', async (context) => {
    if (!playbooks) {
      console.warn('e2e: skipped enrolment: POST /api/v1/enrollments is not on this server yet');
      return context.skip();
    }
    const created = await server.api<{ id: string }>('POST', '/contacts', {
      name: 'Marcus Lee', timeZone: 'America/Los_Angeles', preferredChannel: 'call', reachable: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
    });
    const contact = new ContactPage(page, server.url);
    await contact.open(created.body.id);
    const series = playbooks.find((p) => p.key === 'voicemail-series') ?? playbooks[0];
    await contact.enrol(series?.name ?? '');
    await expect.poll(() => contact.enrollments.count()).toBe(1);
    expect(await contact.enrollments.first().textContent()).toMatch(/Active/);
    await expect.poll(() => contact.followUps.count()).toBeGreaterThan(0);
    const enrollments = await server.api<{ items: { state: string }[] }>('GET', `/enrollments?contactId=${created.body.id}`);
    expect(enrollments.body.items.map((e) => e.state)).toEqual(['active']);
    expect(dialogs).toEqual([]);
  });
});
