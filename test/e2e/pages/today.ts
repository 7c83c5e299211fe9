import type { Locator, Page } from 'playwright-core';

/** Today: one row per follow-up (`cards`, kept under that name), each opening its context in place. */
export class TodayPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  /** Loads Today afresh (a reload when already there, so no selection, open row or filter carries over). */
  async open(date?: string): Promise<void> {
    const url = `${this.baseUrl}/#/${date ? `?date=${date}` : ''}`;
    if (this.page.url() === url) await this.page.reload();
    else await this.page.goto(url);
    await this.page.locator('[data-testid=agenda-card], .empty, [data-testid=load-demo]').first().waitFor();
  }

  /** Every row, overdue first. */
  get cards(): Locator {
    return this.page.getByTestId('agenda-card');
  }

  get overdueCards(): Locator {
    return this.page.getByTestId('overdue-list').getByTestId('agenda-card');
  }

  get todayCards(): Locator {
    return this.page.getByTestId('today-list').getByTestId('agenda-card');
  }

  /** The row of a contact (by their exact name). */
  card(contactName: string): Locator {
    return this.cards.filter({ has: this.page.getByTestId('row-name').getByText(contactName, { exact: true }) });
  }

  /** Opens a row's context (opener, last conversation, checklist, links, reschedule and cancel). */
  async expand(contactName: string): Promise<Locator> {
    const row = this.card(contactName);
    const context = row.getByTestId('row-context');
    if (!(await context.isVisible())) await row.getByTestId('row-toggle').click();
    await context.waitFor();
    return context;
  }

  async openLog(contactName: string): Promise<void> {
    await this.card(contactName).getByRole('button', { name: /^Log outcome/ }).click();
  }

  /** The counts above the list: overdue, due, promised, and how many the filters show. */
  get summary(): Locator {
    return this.page.getByTestId('agenda-summary');
  }

  get filterPromised(): Locator {
    return this.page.getByRole('checkbox', { name: 'Promised only' });
  }

  get filterChannel(): Locator {
    return this.page.getByRole('combobox', { name: 'Channel' });
  }

  get filterPlaybook(): Locator {
    return this.page.getByRole('combobox', { name: 'Playbook' });
  }

  get loadDemoButton(): Locator {
    return this.page.getByTestId('load-demo');
  }

  get emptyState(): Locator {
    return this.page.locator('.empty');
  }
}
