import type { Locator, Page } from 'playwright-core';

export class TodayPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(date?: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/${date ? `?date=${date}` : ''}`);
    await this.page.locator('[data-testid=agenda-card], .empty, [data-testid=load-demo]').first().waitFor();
  }

  get cards(): Locator {
    return this.page.getByTestId('agenda-card');
  }

  get overdueCards(): Locator {
    return this.page.getByTestId('overdue-list').getByTestId('agenda-card');
  }

  get todayCards(): Locator {
    return this.page.getByTestId('today-list').getByTestId('agenda-card');
  }

  card(contactName: string): Locator {
    return this.cards.filter({ has: this.page.getByRole('heading', { name: contactName }) });
  }

  async openLog(contactName: string): Promise<void> {
    await this.card(contactName).getByRole('button', { name: 'Log outcome' }).click();
  }

  get loadDemoButton(): Locator {
    return this.page.getByTestId('load-demo');
  }

  get emptyState(): Locator {
    return this.page.locator('.empty');
  }
}
