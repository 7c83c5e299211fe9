import type { Locator, Page } from 'playwright-core';

/** The Pipeline page as a board by stage (issue 16). */
export class PipelinePage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/pipeline`);
    await this.page.getByRole('heading', { name: 'Pipeline', level: 1 }).waitFor();
    await this.page.getByTestId('deal-board').waitFor();
  }

  column(stage: string): Locator {
    return this.page.locator(`[data-testid="board-column"][data-stage="${stage}"]`);
  }

  card(title: string): Locator {
    return this.page.getByTestId('deal-card').filter({ has: this.page.locator('.deal-title', { hasText: title }) });
  }

  cardIn(stage: string, title: string): Locator {
    return this.column(stage).getByTestId('deal-card').filter({ has: this.page.locator('.deal-title', { hasText: title }) });
  }

  get nextStepDialog(): Locator {
    return this.page.getByTestId('next-step-dialog');
  }
}
