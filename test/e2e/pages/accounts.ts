import type { Locator, Page } from 'playwright-core';

/** Settings → Account: change your password. */
export class AccountSection {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByTestId('account-settings');
  }

  async changePassword(current: string, next: string, again = next): Promise<void> {
    await this.section.getByLabel('Current password').fill(current);
    await this.section.getByLabel('New password', { exact: true }).fill(next);
    await this.section.getByLabel('New password again').fill(again);
    await this.section.getByRole('button', { name: 'Change password' }).click();
  }

  fieldError(label: string): Locator {
    return this.section.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByTestId('field-error');
  }
}

/** Settings → Users and roles: members, reset links, deactivation. */
export class UsersSection {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByTestId('users-settings');
  }

  row(name: string): Locator {
    return this.section.getByTestId('user-row').filter({ hasText: name });
  }

  async issueReset(name: string): Promise<string> {
    await this.section.getByRole('button', { name: `Reset link for ${name}` }).click();
    const input = this.page.getByTestId('reset-link').getByLabel('Reset link');
    await input.waitFor();
    return input.inputValue();
  }

  get deactivateDialog(): Locator {
    return this.page.getByTestId('deactivate-dialog');
  }

  async openDeactivate(name: string): Promise<void> {
    await this.section.getByRole('button', { name: `Deactivate ${name}` }).click();
    await this.deactivateDialog.waitFor();
  }

  async confirmDeactivate(name: string, reassignTo: string): Promise<void> {
    await this.deactivateDialog.getByLabel('Hand their contacts and open follow-ups to').selectOption({ label: reassignTo });
    await this.deactivateDialog.getByRole('button', { name: `Deactivate ${name}` }).click();
  }
}

/** The page a reset link opens (/reset/<token>). */
export class ResetPasswordPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Choose a new password' });
  }

  async choose(password: string): Promise<void> {
    await this.page.getByLabel('New password', { exact: true }).fill(password);
    await this.page.getByLabel('New password again').fill(password);
    await this.page.getByRole('button', { name: 'Set new password' }).click();
  }

  get done(): Locator {
    return this.page.getByTestId('reset-done');
  }
}
