import type { Locator, Page } from 'playwright-core';

/** The Mail panel of Settings: the mailbox playbook email goes out through. */
export class MailSettingsPanel {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/settings`);
    await this.panel.getByRole('heading', { name: 'Mail', level: 2 }).waitFor();
  }

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Mail' });
  }

  field(label: string): Locator {
    return this.panel.getByLabel(label, { exact: true });
  }

  async fillSmtp(values: { host: string; port: number; security: 'tls' | 'starttls' | 'none'; user: string; password: string }): Promise<void> {
    await this.field('SMTP server').fill(values.host);
    await this.field('SMTP port').fill(String(values.port));
    await this.field('SMTP security').selectOption(values.security);
    await this.field('SMTP user').fill(values.user);
    await this.field('SMTP password').fill(values.password);
  }

  async save(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Save mailbox' }).click();
  }

  async sendTest(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Send test mail' }).click();
  }

  get status(): Locator {
    return this.panel.getByRole('status');
  }
}
