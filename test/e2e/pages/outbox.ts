import type { Locator, Page } from 'playwright-core';

/** The Outbox page: every outbound email and what became of it. */
export class OutboxPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(attentionOnly = false): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/outbox${attentionOnly ? '?attention=1' : ''}`);
    await this.page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  }

  get items(): Locator {
    return this.page.getByTestId('outbox-item');
  }

  item(subject: string): Locator {
    return this.items.filter({ has: this.page.getByRole('heading', { name: subject }) });
  }
}
