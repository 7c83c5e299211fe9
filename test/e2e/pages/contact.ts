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
    // The page's own button, in its header (each open follow-up has one too).
    await this.page.getByRole('button', { name: 'Log outcome' }).first().click();
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

  /** The page's header actions: every way it offers to reach out to the contact. */
  get headActions(): Locator {
    return this.page.locator('.page-head .head-actions');
  }

  /** Every control on the page that would reach out: call, email, log, schedule, enrol, invite, resume. */
  get outboundControls(): Locator {
    return this.page.getByRole('link', { name: /^Call$/ })
      .or(this.page.getByRole('button', { name: /^(Email|Log outcome|Log|Schedule follow-up|Enrol in playbook|Send invitation|Resume|Reschedule)$/ }));
  }

  get optInButtons(): Locator {
    return this.page.getByRole('button', { name: /opt.?in/i });
  }

  /** Opens the email draft from the header. */
  async writeEmail(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Email', exact: true }).click();
    const dialog = this.page.getByTestId('email-draft');
    await dialog.waitFor();
    return dialog;
  }
}
