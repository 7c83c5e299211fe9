import type { Locator, Page } from 'playwright-core';

export class ContactsPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/contacts${query}`);
    await this.page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  }

  get rows(): Locator {
    return this.page.getByTestId('contact-list').locator('li');
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Search', { exact: true }).fill(text);
  }

  async create(values: { name: string; email?: string; company?: string; timeZone?: string; preferredChannel?: string; notes?: string; interests?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New contact' }).click();
    const dialog = this.dialog;
    await dialog.getByLabel('Name').fill(values.name);
    if (values.email) await dialog.getByLabel('Email').fill(values.email);
    if (values.company) await dialog.getByLabel('Company').fill(values.company);
    if (values.timeZone) await dialog.getByLabel('Their time zone').fill(values.timeZone);
    if (values.preferredChannel) await dialog.getByLabel('Preferred channel').selectOption({ label: values.preferredChannel });
    if (values.interests) await dialog.getByLabel('What they care about').fill(values.interests);
    if (values.notes) await dialog.getByLabel('Notes').fill(values.notes);
    await dialog.getByRole('button', { name: 'Save contact' }).click();
  }

  get dialog(): Locator {
    return this.page.getByTestId('new-contact-dialog');
  }
}
