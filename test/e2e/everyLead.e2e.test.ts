import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsPage } from './pages/contacts.js';
import { closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

const DAY = 86_400_000;

/** Issue 10 items 5 and 7: Today counts the leads with no next step and the silences, and links to the filtered Contacts list. */
describe('every lead followed up, no long silence', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    const add = async (name: string, company: string) => {
      const created = await server.api<{ id: string }>('POST', '/contacts', { name, company, timeZone: 'Europe/London' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    const ada = await add('Ada Quiet', 'Quiet Ltd');
    const ben = await add('Ben Planned', 'Planned plc');
    const cara = await add('Cara Stalled', 'Stalled GmbH');
    await add('Fay New', 'New & Co');
    expect((await server.api('POST', '/follow-ups', { contactId: ben, channel: 'call', due: { date: '2030-03-12' } })).status).toBe(201);
    expect((await server.api('POST', '/opportunities', { contactId: cara, title: 'Pilot for 20 seats' })).status).toBe(201);
    // Ada was added two months ago and never touched since: longer than a prospect's 30 days.
    await server.store.db.updateTable('contacts').set({ created_at: new Date(Date.now() - 60 * DAY).toISOString() }).where('id', '=', ada).execute();
  });
  afterAll(() => closeAll(browser, server));

  it('Today counts them, and each count opens the list it counts', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/`);
    const counts = page.getByTestId('attention-counts');
    await counts.waitFor();
    expect(await counts.getByRole('link').allInnerTexts()).toEqual([
      '3 contacts have no next step',
      '1 contact with an open opportunity has nothing planned',
      '1 contact has been silent too long',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'every-lead-today-1280');

    await counts.getByRole('link', { name: '3 contacts have no next step' }).click();
    const contacts = new ContactsPage(page, server.url);
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await expect.poll(() => contacts.rows.locator('.contact-name').allInnerTexts()).toEqual(['Ada Quiet', 'Cara Stalled', 'Fay New']);
    expect(await page.getByRole('combobox', { name: 'Next step' }).inputValue()).toBe('none');
    expect(await contacts.rows.filter({ hasText: 'Cara Stalled' }).getByText('Stalled', { exact: true }).count()).toBe(1);
    expect(await contacts.rows.filter({ hasText: 'Fay New' }).getByText('No next step').count()).toBe(1);
    await screenshot(page, 'every-lead-contacts-1280');

    await page.getByRole('combobox', { name: 'Next step' }).selectOption({ label: 'Stalled: open deal, nothing planned' });
    await expect.poll(() => contacts.rows.locator('.contact-name').allInnerTexts()).toEqual(['Cara Stalled']);

    await page.getByRole('combobox', { name: 'Next step' }).selectOption({ label: 'Any' });
    await page.getByLabel('Silent too long').check();
    await expect.poll(() => contacts.rows.locator('.contact-name').allInnerTexts()).toEqual(['Ada Quiet']);
    expect(await contacts.rows.first().getByText(/^Silent since \w{3} \d{1,2} \w{3}$/).count()).toBe(1);
    await page.close();
  });

  it('Settings: the owner sets how long a prospect may stay silent; a bad number is refused and changes nothing', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('silence-limits');
    await form.waitFor();
    const prospects = form.getByLabel('Prospects (days)');
    expect(await prospects.inputValue()).toBe('30');
    expect(await form.getByLabel('Referral sources (days)').inputValue()).toBe('90');

    await prospects.fill('thirty');
    await form.getByRole('button', { name: 'Save silence limits' }).click();
    await form.getByText('Write the days for prospects as a whole number, e.g. 30.').waitFor();
    await prospects.fill('0');
    await form.getByRole('button', { name: 'Save silence limits' }).click();
    await form.getByText('Longest silence for prospects, in days, must be at least 1.').first().waitFor();
    await prospects.scrollIntoViewIfNeeded();
    await screenshot(page, 'every-lead-settings-1280');
    expect((await server.api<{ maxSilenceDays: { prospect: number } }>('GET', '/workspace/settings')).body.maxSilenceDays.prospect).toBe(30);

    await prospects.fill('90');
    await form.getByRole('button', { name: 'Save silence limits' }).click();
    await page.getByText('Silence limits saved').waitFor();
    expect((await server.api<{ maxSilenceDays: { prospect: number } }>('GET', '/workspace/settings')).body.maxSilenceDays.prospect).toBe(90);
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('attention-counts').getByText('3 contacts have no next step').waitFor();
    expect(await page.getByText('been silent too long').count()).toBe(0);
    await server.api('PATCH', '/workspace/settings', { maxSilenceDays: { prospect: 30 } });
    await page.close();
  });

  it('fits a phone: the counts on Today and the filters on Contacts', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('attention-counts').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'every-lead-today-390');
    await page.getByRole('link', { name: '1 contact has been silent too long' }).click();
    await page.getByTestId('contact-list').getByText('Ada Quiet').waitFor();
    expect(await page.getByLabel('Silent too long').isChecked()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'every-lead-contacts-390');
    await page.goto(`${server.url}/#/settings`);
    await page.getByTestId('silence-limits').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'every-lead-settings-390');
    await page.close();
  });
});
