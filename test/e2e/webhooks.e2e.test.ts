import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebhookWorker } from '../../src/jobs/webhookWorker.js';
import { WebhookReceiver } from '../helpers/webhookReceiver.js';
import { closeAll, screenshot, seriousViolations, startE2e, type Browser, type E2eServer } from './support/harness.js';

/** Settings > Webhooks (issue 15 items 1 and 5): add an endpoint, see its secret once, and a delivery in its log. */
describe('webhooks in Settings', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [{ server, browser, page, dialogs }, receiver] = await Promise.all([
      startE2e({ bypassCSP: true, viewport: { width: 1280, height: 800 } }), new WebhookReceiver().start(),
    ]);
  });
  afterAll(() => closeAll(browser, server, receiver));

  const panel = () => page.getByRole('region', { name: 'Webhooks', exact: true });

  it('adds an endpoint, shows its secret once, and lists a delivery with its answer', async () => {
    await page.goto(`${server.url}/#/settings`);
    await panel().getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await panel().getByText('No webhooks yet').waitFor();
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'webhooks-empty-1280');

    // A private address is allowed here only because the server runs with ALLOW_PRIVATE_TARGETS (the receiver is on 127.0.0.1).
    await panel().getByLabel('Address (URL)').fill('not an address');
    await panel().getByRole('button', { name: 'Add webhook' }).click();
    await panel().getByText(/Webhook address: not a web address/).first().waitFor();

    await panel().getByLabel('Address (URL)').fill(`${receiver.url}/crm`);
    await panel().getByLabel(/A follow-up was scheduled/).check();
    await panel().getByRole('button', { name: 'Add webhook' }).click();
    const secret = panel().getByTestId('webhook-secret');
    await secret.waitFor();
    expect(await secret.getByLabel('Signing secret').inputValue()).toMatch(/^whsec_/);
    await panel().getByTestId('webhook').waitFor();

    const contact = await server.api<{ id: string }>('POST', '/contacts', { name: 'Ana Souza', timeZone: 'America/New_York' });
    expect((await server.api('POST', '/follow-ups', { contactId: contact.body.id, due: { local: '2030-01-07T10:00' }, channel: 'call', agenda: 'pricing' })).status).toBe(201);
    await new WebhookWorker({ deps: server.deps }).runOnce();
    expect(receiver.received).toHaveLength(1);

    await panel().getByRole('button', { name: 'Deliveries' }).click();
    const log = panel().getByTestId('webhook-deliveries');
    await log.getByText('follow-up.created').waitFor();
    await log.getByText('Delivered').waitFor();
    await log.getByText(/^200 in \d+ ms$/).waitFor();
    await panel().scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '[aria-labelledby="webhooks-title"]')).toEqual([]);
    await screenshot(page, 'webhooks-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await panel().scrollIntoViewIfNeeded();
    await screenshot(page, 'webhooks-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await log.getByRole('button', { name: 'Send again: the follow-up.created delivery' }).click();
    await expect.poll(async () => log.getByRole('row').count()).toBe(3);
    await new WebhookWorker({ deps: server.deps }).runOnce();
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);

    await panel().getByRole('button', { name: /^Delete webhook/ }).click();
    await page.getByTestId('delete-webhook').getByRole('button', { name: 'Delete webhook' }).click();
    await panel().getByText('No webhooks yet').waitFor();
    expect(dialogs).toEqual([]);
  });
});
