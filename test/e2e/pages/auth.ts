import type { Locator, Page } from 'playwright-core';

export class SetupPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Welcome to Followthrough' });
  }

  async fill(values: { name: string; email: string; password: string; workspace: string; timeZone: string }): Promise<void> {
    await this.page.getByLabel('Your name').fill(values.name);
    await this.page.getByLabel('Email').fill(values.email);
    await this.page.getByLabel('Password').fill(values.password);
    await this.page.getByLabel('Workspace name').fill(values.workspace);
    await this.page.getByLabel('Your time zone').fill(values.timeZone);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  fieldError(label: string): Locator {
    return this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByTestId('field-error');
  }
}

export class LoginPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Log in to Followthrough' });
  }

  async logIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }
}
