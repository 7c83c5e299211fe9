import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContactPage } from './pages/contact.js';
import { PlaybooksPage } from './pages/playbooks.js';
import { TodayPage } from './pages/today.js';
import { closeAll, screenshot, startE2e, wallIn, type Browser, type E2eServer } from './support/harness.js';

interface Playbook { id: string; key: string; name: string }

/** An Etc/GMT zone where it is now early afternoon, so a step due "now" is inside the contact's hours. */
function zoneAtMidday(): string {
  let offset = 13 - new Date().getUTCHours();
  if (offset > 12) offset -= 24;
  if (offset < -11) offset += 24;
  // Etc/GMT signs are inverted: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const allWeek = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }];

describe('playbooks', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let playbooks: Playbook[] = [];

  beforeAll(async () => {
    ({ server, browser, page, dialogs } = await startE2e({ timeZone: 'America/New_York', viewport: { width: 1280, height: 800 } }));
    playbooks = (await server.api<{ items: Playbook[] }>('GET', '/playbooks')).body.items;
  });
  afterAll(() => closeAll(browser, server));

  it('shows a playbook in words: step titles and what each result leads to, no internal ids', async () => {
    const list = new PlaybooksPage(page, server.url);
    await list.open();
    await expect.poll(() => list.playbooks.count()).toBeGreaterThanOrEqual(6);
    await list.playbooks.filter({ hasText: 'Voicemail series' }).getByRole('link', { name: 'Steps' }).click();
    await expect.poll(() => page.getByTestId('step').count()).toBe(10);
    const text = await page.locator('main').innerText();
    expect(text).toContain('If you leave a voicemail: Call again, 15 minutes later');
    expect(text).toContain('If they answer: the series ends');
    expect(text).toContain('If you get voicemail');
    expect(text).toContain('This is the end of my voicemail series');
    for (const id of ['voicemail-series', 'call-1-retry', 'email-suggested-times', 'call-last', '→', 'key:', 'Step id']) expect(text).not.toContain(id);
    await screenshot(page, 'playbook-voicemail-series-1280');
    const phone = await browser.newPage({ width: 390, height: 844 });
    await phone.goto(page.url());
    await phone.getByTestId('step').first().waitFor();
    await screenshot(phone, 'playbook-voicemail-series-390');
    await phone.close();
  });

  it('creates a playbook without typing a key or step ids: they come from the name and titles', async () => {
    await page.goto(`${server.url}/#/playbooks/new`);
    await page.getByRole('heading', { name: 'New playbook' }).waitFor();
    expect(await page.getByLabel('Key', { exact: true }).isVisible()).toBe(false);
    await page.getByLabel('Name', { exact: true }).fill('Trade show leads');
    await page.getByRole('button', { name: 'Add a step' }).click();
    const first = page.getByRole('listitem', { name: 'Step 1' });
    await first.getByLabel('Title').fill('Call after the show');
    expect(await first.getByLabel('Step id').isVisible()).toBe(false);
    await first.getByLabel('Script').fill('Hi {{contact.firstName}}, we met at the show about {{contact.interest}}. What is the next step for you?');
    await page.getByRole('button', { name: 'Add a step' }).click();
    const second = page.getByRole('listitem', { name: 'Step 2' });
    await second.getByLabel('Title').fill('Call again');
    await second.getByLabel('Script').fill('Hi {{contact.firstName}}, following up on {{contact.interest}}. When suits you to talk?');
    await first.getByLabel('If they answer').selectOption({ label: 'End the series' });
    await first.getByLabel('Otherwise').selectOption({ label: 'Call again' });
    await screenshot(page, 'playbook-editor-1280');
    await page.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByRole('heading', { name: 'Trade show leads', level: 1 }).waitFor();
    const saved = (await server.api<{ items: Array<Playbook & { steps: Array<{ id: string; branches: Record<string, string>; next: string }> }> }>('GET', '/playbooks')).body.items
      .find((p) => p.name === 'Trade show leads');
    expect(saved).toMatchObject({ key: 'trade-show-leads', steps: [{ id: 'call-after-the-show', branches: { connected: 'end' }, next: 'call-again' }, { id: 'call-again' }] });
    expect(await page.locator('main').innerText()).toContain('Otherwise: Call again');
  });

  it('enrols a contact from the contact page, says what was scheduled, and the first step is due, not overdue', async () => {
    const zone = zoneAtMidday();
    const created = await server.api<{ id: string }>('POST', '/contacts', { name: 'Marcus Lee', timeZone: zone, preferredChannel: 'call', reachable: allWeek });
    const contact = new ContactPage(page, server.url);
    await contact.open(created.body.id);
    const series = playbooks.find((p) => p.key === 'hard-to-reach');
    await contact.enrol(series?.name ?? '');
    const toast = page.getByTestId('toast');
    await expect.poll(() => toast.innerText()).toMatch(/^Enrolled in Hard to reach\. First step: (phone call|email) on \w{3} \d{1,2} \w{3}, \d{2}:\d{2} their time/);
    await expect.poll(() => contact.enrollments.count()).toBe(1);
    expect(await contact.enrollments.first().innerText()).toMatch(/Active/);
    // A minute later the step just scheduled for "now" is still due, not overdue.
    await page.waitForTimeout(1500);
    await contact.open(created.body.id);
    await expect.poll(() => contact.followUps.count()).toBe(1);
    expect(await contact.followUps.first().innerText()).not.toMatch(/overdue/i);
    expect(dialogs).toEqual([]);
  });

  it('a step the frequency cap moved says why on the contact page', async () => {
    const created = await server.api<{ id: string }>('POST', '/contacts', { name: 'Nora Quinn', timeZone: 'America/Chicago', preferredChannel: 'call', reachable: allWeek });
    const hour = 3_600_000;
    for (const ago of [30, 20, 10]) {
      const logged = await server.api('POST', '/interactions', { contactId: created.body.id, channel: 'call', result: 'no-answer', occurredAt: new Date(Date.now() - ago * hour).toISOString() });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    }
    const enrolled = await server.api<{ nextFollowUp: { dueAt: string; scheduleNote: string | null } }>('POST', '/enrollments', { contactId: created.body.id, playbookKey: 'hard-to-reach' });
    expect(enrolled.body.nextFollowUp.scheduleNote).toMatch(/^Moved to \w{3} \d{1,2} \w{3}, \d{2}:\d{2} their time: .*at most 3 touches a week \(frequency cap\)/);
    const contact = new ContactPage(page, server.url);
    await contact.open(created.body.id);
    await expect.poll(() => contact.enrollments.count()).toBe(1);
    const section = page.getByTestId('enrollments');
    await expect.poll(() => section.innerText()).toContain(enrolled.body.nextFollowUp.scheduleNote ?? '(no note)');
    await section.getByText('History').click();
    await expect.poll(() => section.innerText()).toMatch(/Enrolled\. First step: .+ their time\./);
    await screenshot(page, 'contact-enrollment-note-1280');
    const phone = await browser.newPage({ width: 390, height: 844 });
    await phone.goto(page.url());
    await phone.getByTestId('enrollments').scrollIntoViewIfNeeded();
    await screenshot(phone, 'contact-enrollment-note-390');
    await phone.close();
    // On Today, on the day it moved to, the row's context says why it is there.
    const today = new TodayPage(page, server.url);
    await today.open(wallIn(Date.parse(enrolled.body.nextFollowUp.dueAt), 'America/New_York').date);
    const context = await today.expand('Nora Quinn');
    expect(await context.getByTestId('context-notes').innerText()).toContain(enrolled.body.nextFollowUp.scheduleNote ?? '(no note)');
    await screenshot(page, 'today-schedule-note-1280');
  });
});
