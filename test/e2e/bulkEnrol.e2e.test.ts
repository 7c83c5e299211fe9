import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsPage } from './pages/contacts.js';
import { closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

describe('bulk enrolment', () => {
  let server: E2eServer;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    for (const name of ['Anna Able', 'Bruno Bright', 'Carla Closed']) {
      const made = await server.api<{ id: string }>('POST', '/contacts', { name, tags: ['Fair'], timeZone: 'Europe/Paris', phone: '+33 1 23 45 67 89' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      ids[name] = made.body.id;
    }
    expect((await server.api('POST', `/contacts/${ids['Carla Closed']}/opt-out`, { reason: 'asked us to stop' })).status).toBe(200);
  });
  afterAll(() => closeAll(browser, server));

  it('selects contacts, previews who is skipped and why, and enrols the rest', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    const contacts = new ContactsPage(page, server.url);
    await contacts.open('?tag=Fair');
    await page.getByText('Carla Closed').waitFor();
    await page.getByLabel('Select the 3 shown').check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('3 contacts selected').waitFor();
    await bar.getByRole('button', { name: 'Enrol in a playbook' }).click();

    const dialog = page.getByTestId('bulk-dialog');
    const playbook = dialog.getByLabel('Playbook');
    // The playbooks load after the dialog opens: wait for the one we want rather than reading the list once.
    const hardToReach = playbook.locator('option', { hasText: /hard to reach/i }).first();
    await hardToReach.waitFor({ state: 'attached' });
    const option = await hardToReach.innerText();
    await playbook.selectOption({ label: option });
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByTestId('bulk-preview');
    await preview.getByText('2 will be enrolled').waitFor();
    await preview.getByText('1 skipped: do-not-contact').click();
    await preview.getByText(/Carla Closed/).waitFor();
    expect(await preview.innerText()).toMatch(/asked us to stop/);
    expect((await server.api<{ items: unknown[] }>('GET', '/enrollments')).body.items).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'bulk-enrol-preview');

    await dialog.getByRole('button', { name: 'Confirm: enrol 2' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('2 enrolled, 1 skipped.').waitFor();
    const enrolled = await server.api<{ items: { contactId: string }[] }>('GET', '/enrollments');
    expect(enrolled.body.items.map((e) => e.contactId).sort()).toEqual([ids['Anna Able'], ids['Bruno Bright']].sort());
  });

  it('fits a phone, with the bulk bar', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    const contacts = new ContactsPage(page, server.url);
    await contacts.open('?tag=Fair');
    await page.getByText('Anna Able').waitFor();
    await page.getByLabel('Select Anna Able').check();
    await page.getByTestId('bulk-bar').getByText('1 contact selected').waitFor();
    await page.getByLabel('Select the 3 shown').check();
    await page.getByRole('button', { name: 'Select every contact matching these filters' }).click();
    await page.getByTestId('bulk-bar').getByText('All 3 contacts matching the filters selected').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'bulk-enrol-phone');
  });
});
