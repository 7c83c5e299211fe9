import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPage } from './pages/contact.js';
import { OutboxPage } from './pages/outbox.js';
import {
  closeAll, horizontalOverflow, screenshot, seriousViolations, startE2e, watchDialogs, type Browser, type E2eServer,
} from './support/harness.js';

describe('writing to a client from the contact page, with the coach', () => {
  let server: E2eServer;
  let browser: Browser;
  let contactId: string;

  beforeAll(async () => {
    ({ server, browser } = await startE2e({ bypassCSP: true }));
    const contact = await server.api<{ id: string }>('POST', '/contacts', {
      name: 'Dana Lee', timeZone: 'Europe/Berlin', email: 'dana@example.com', interests: ['onboarding time'],
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.id;
  });
  afterAll(() => closeAll(browser, server));

  it('coaches the draft as it is written and suggests an opener that is not itself generic', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    const draft = await profile.writeEmail();
    const coach = draft.getByTestId('coach');
    await draft.getByLabel('Subject').fill('Hello');
    await draft.getByLabel('Message').fill('Hi Dana, just checking in to touch base with you.');
    await coach.getByText('Generic opener', { exact: false }).first().waitFor();
    const flags = await coach.getByTestId('coach-flag').evaluateAll((items) => items.map((i) => i.getAttribute('data-code')));
    expect(flags).toEqual(expect.arrayContaining(['generic-opener', 'no-interest-reference', 'no-next-step']));
    const opener = (await coach.getByTestId('coach-opener').locator('em').textContent()) ?? '';
    expect(opener).toContain('onboarding time');
    expect(opener).not.toMatch(/something (?:specific|new)/i);
    await screenshot(page, 'contact-email-coach');

    await draft.getByRole('button', { name: 'Use this opener' }).click();
    expect(await draft.getByLabel('Message').inputValue()).toMatch(new RegExp(`^${opener.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await draft.getByLabel('Message').fill(`${opener}\n\nThe new import halves onboarding time for teams like yours. Could we look at it on Tuesday at 10:00?`);
    await coach.getByText('nothing to flag').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const phone = await browser.newPage({ width: 390, height: 844 });
    const small = new ContactPage(phone, server.url);
    await small.open(contactId);
    expect(await horizontalOverflow(phone)).toBe(0);
    await screenshot(phone, 'contact-phone');
    const smallDraft = await small.writeEmail();
    await smallDraft.getByLabel('Message').fill('Just checking in!');
    await smallDraft.getByTestId('coach-flag').first().waitFor();
    expect(await horizontalOverflow(phone)).toBe(0);
    await screenshot(phone, 'contact-email-coach-phone');
    expect(dialogs).toEqual([]);
  });

  it('without a mailbox, opens the email in the mail program with the subject and message', async () => {
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    const draft = await profile.writeEmail();
    await draft.getByLabel('Subject').fill('Onboarding time & the import');
    await draft.getByLabel('Message').fill('Hi Dana,\n\nCould we talk on Tuesday?');
    const link = draft.getByRole('link', { name: 'Open in mail client' });
    await link.waitFor();
    expect(await draft.getByRole('button', { name: 'Send' }).count()).toBe(0);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href.startsWith('mailto:dana@example.com?')).toBe(true);
    const params = new URLSearchParams(href.slice(href.indexOf('?') + 1));
    expect(params.get('subject')).toBe('Onboarding time & the import');
    expect(params.get('body')).toBe('Hi Dana,\n\nCould we talk on Tuesday?');
  });

  it('with a mailbox, sends through the outbox once', async () => {
    const mailbox = await server.api('PUT', '/mail-settings/me', { fromAddress: 'owner@example.com', smtp: { host: 'smtp.example.com' } });
    expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(200);
    const page = await browser.newPage();
    const profile = new ContactPage(page, server.url);
    await profile.open(contactId);
    const draft = await profile.writeEmail();
    await draft.getByLabel('Subject').fill('Onboarding time');
    await draft.getByLabel('Message').fill('Hi Dana,\n\nThe import now halves onboarding time. Could we talk on Tuesday?');
    await draft.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Email to Dana Lee is on its way').waitFor();
    await draft.waitFor({ state: 'detached' });

    const outbox = new OutboxPage(page, server.url);
    await outbox.open();
    await outbox.item('Onboarding time').waitFor();
    expect(await outbox.items.filter({ hasText: 'dana@example.com' }).count()).toBe(1);
    expect(await outbox.item('Onboarding time').textContent()).toMatch(/Queued/);
  });
});
