import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { MailSettingsPanel } from './pages/mailSettings.js';
import { closeAll, OWNER, screenshot, startE2e, watchDialogs, type Browser, type E2eServer } from './support/harness.js';

const PASSWORD = 'browser-smtp-pw-4Qz!';

describe('mail settings in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    [{ server, browser }, smtp] = await Promise.all([startE2e(), startSmtpServer({ auth: { user: 'olivia', pass: PASSWORD } })]);
  });
  afterAll(() => closeAll(browser, server, smtp));

  it('sets up a mailbox, names a bad field next to it, sends a test mail, and never shows the password again', async () => {
    const page = await browser.newPage();
    const dialogs = watchDialogs(page);
    const mail = new MailSettingsPanel(page, server.url);
    await mail.open();
    await mail.panel.getByText('nothing yet').waitFor();

    await mail.fillSmtp({ host: 'bad host!', port: Number(new URL(smtp.url).port), security: 'none', user: 'olivia', password: PASSWORD });
    await mail.save();
    await mail.panel.locator('.field-invalid').getByLabel('SMTP server', { exact: true }).waitFor();
    // Nothing typed is lost on an error.
    expect(await mail.field('SMTP password').inputValue()).toBe(PASSWORD);

    await mail.field('SMTP server').fill('127.0.0.1');
    await mail.save();
    await mail.panel.getByText('Stored. Leave empty to keep it.').waitFor();
    await mail.panel.getByText('your own mailbox').waitFor();
    await mail.sendTest();
    await mail.status.getByText(`Sent to ${OWNER.email}`).waitFor();
    expect(smtp.messages.map((m) => m.to)).toEqual([[OWNER.email]]);

    await page.reload();
    await mail.panel.getByText('Stored. Leave empty to keep it.').waitFor();
    expect(await mail.field('SMTP password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(PASSWORD);
    await screenshot(page, 'mail-settings');
    expect(dialogs).toEqual([]);
  });
});
