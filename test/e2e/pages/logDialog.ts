import type { Locator, Page } from 'playwright-core';

export type Outcome = 'Next step' | 'Yes' | 'No' | 'No agreement yet';

/** The "log an outcome" dialog, wherever it was opened from. */
export class LogDialog {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('log-dialog');
  }

  async waitOpen(): Promise<void> {
    await this.root.waitFor();
  }

  async channel(label: string): Promise<void> {
    await this.root.getByLabel('Channel used').selectOption({ label });
  }

  async result(label: string): Promise<void> {
    await this.root.getByLabel('Result').selectOption({ label });
  }

  async notes(text: string): Promise<void> {
    await this.root.getByLabel('Notes').fill(text);
  }

  async outcome(outcome: Outcome): Promise<void> {
    const value = { 'Next step': 'next-step', Yes: 'yes', No: 'no', 'No agreement yet': 'no-agreement' }[outcome];
    await this.root.locator(`input[type=radio][value="${value}"]`).check();
  }

  async nextStep(values: { date: string; time?: string; zone?: string; channel?: string; agenda?: string; progress?: string }): Promise<void> {
    await this.root.getByLabel(/^Date \(their date/).fill(values.date);
    if (values.time) await this.root.getByLabel('Time (their time)').fill(values.time);
    if (values.zone) await this.root.getByLabel('Their time zone').fill(values.zone);
    if (values.channel) await this.root.getByLabel('Channel they chose').selectOption({ label: values.channel });
    if (values.agenda) await this.root.getByLabel('Agreed agenda').fill(values.agenda);
    if (values.progress) await this.root.getByLabel('Progress to present').fill(values.progress);
  }

  get userEquivalent(): Locator {
    return this.root.getByTestId('user-equivalent');
  }

  async submit(): Promise<void> {
    await this.root.getByRole('button', { name: 'Log outcome' }).click();
  }

  get result_(): Locator {
    return this.root.getByTestId('log-result');
  }

  get warnings(): Locator {
    return this.root.getByTestId('log-warnings');
  }

  warning(code: string): Locator {
    return this.warnings.locator(`li[data-code="${code}"]`);
  }

  get nextSummary(): Locator {
    return this.root.getByTestId('logged-next');
  }

  get fieldErrors(): Locator {
    return this.root.getByTestId('field-error');
  }

  async done(): Promise<void> {
    await this.root.getByRole('button', { name: 'Done' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
}
