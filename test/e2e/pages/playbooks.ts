import type { Locator, Page } from 'playwright-core';

export class PlaybooksPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/playbooks`);
    await this.page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
  }

  get playbooks(): Locator {
    return this.page.getByTestId('playbook');
  }
}
