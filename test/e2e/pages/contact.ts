import type { Locator, Page } from 'playwright-core';

export class ContactPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(id: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/contacts/${id}`);
    await this.heading.waitFor();
  }

  get heading(): Locator {
    return this.page.locator('#contact-title');
  }

  async logTouch(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log a touch' }).click();
  }

  get doNotContactBadge(): Locator {
    return this.page.locator('.page-head .badge', { hasText: 'Do not contact' });
  }

  get doNotContactBanner(): Locator {
    return this.page.getByTestId('dnc-banner');
  }

  get timeline(): Locator {
    return this.page.getByTestId('timeline');
  }

  get protocol(): Locator {
    return this.page.getByTestId('protocol-panel');
  }

  get followUps(): Locator {
    return this.page.getByTestId('promises').getByTestId('follow-up');
  }

  async enrol(playbook: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Enrol in playbook' }).click();
    const dialog = this.page.getByTestId('enrol-dialog');
    await dialog.getByLabel('Playbook').selectOption({ label: playbook });
    await dialog.getByRole('button', { name: 'Enrol' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  get enrollments(): Locator {
    return this.page.getByTestId('enrollments').locator('li');
  }
}
