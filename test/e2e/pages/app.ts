import type { Locator, Page } from 'playwright-core';

/** The signed-in shell: navigation, workspace switcher, toasts, shortcuts help. */
export class AppShell {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(hash = '#/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${hash}`);
  }

  nav(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  }

  get toast(): Locator {
    return this.page.getByTestId('toast');
  }

  get workspaceSwitcher(): Locator {
    return this.page.getByRole('combobox', { name: 'Workspace' });
  }

  async logOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out' }).click();
  }
}
