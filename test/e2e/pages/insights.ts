import type { Locator, Page } from 'playwright-core';

export class InsightsPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/insights`);
    await this.page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
  }

  get charts(): Locator {
    return this.page.getByTestId('insights').locator('section.chart-card');
  }

  get notAvailable(): Locator {
    return this.page.getByRole('heading', { name: 'Insights are not available yet' });
  }
}
