import type { Locator, Page } from 'playwright-core';

export class TeamPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(heading = 'Team'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/team`);
    await this.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await this.table.waitFor();
  }

  get table(): Locator {
    return this.page.getByTestId('team-table');
  }

  get rows(): Locator {
    return this.table.getByTestId('team-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  /** The drill-down button of one figure in a salesperson's row, by its column's label. */
  figure(name: string, column: string): Locator {
    return this.row(name).getByRole('button', { name: new RegExp(`${column}: ${name}`, 'i') });
  }

  get drill(): Locator {
    return this.page.getByTestId('team-drill');
  }
}
