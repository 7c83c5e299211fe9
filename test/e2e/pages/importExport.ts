import type { Download, Locator, Page } from 'playwright-core';

/** The import and export page: upload, columns, dry run, import, downloads. */
export class ImportExportPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/import`);
    await this.heading.waitFor();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Import and export', level: 1 });
  }

  async chooseFile(name: string, content: string | Buffer, mimeType = 'text/csv'): Promise<void> {
    await this.page.getByLabel('File (CSV or vCard)').setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
  }

  get summary(): Locator {
    return this.page.getByTestId('file-summary');
  }

  /** The "Import as" choice of one column of the file. */
  columnChoice(header: string): Locator {
    return this.page.getByLabel(`Import the column “${header}” as`);
  }

  async checkFile(): Promise<void> {
    await this.page.getByRole('button', { name: 'Check the file' }).click();
    await this.dryRunReport.waitFor();
  }

  get dryRunReport(): Locator {
    return this.page.getByTestId('dry-run-report');
  }

  get importReport(): Locator {
    return this.page.getByTestId('import-report');
  }

  get importButton(): Locator {
    return this.page.getByRole('button', { name: /^Import \d+ contacts?$/ });
  }

  async importNow(): Promise<void> {
    await this.importButton.click();
    await this.importReport.waitFor();
  }

  rejectedRows(report: Locator): Locator {
    return report.getByTestId('rejected-rows').locator('li');
  }

  assumptions(report: Locator): Locator {
    return report.getByTestId('assumptions').locator('li');
  }

  get error(): Locator {
    return this.page.getByTestId('import-error');
  }

  /** Clicks a download link and returns what it downloaded. */
  async download(name: string): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('link', { name }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return { download, text: Buffer.concat(chunks).toString('utf8') };
  }
}
