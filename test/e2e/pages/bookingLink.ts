import type { Locator, Page } from 'playwright-core';

/** The "Send booking link" dialog, from the contact page or a Today item: the form, then the link made. */
export class BookingLinkDialog {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('booking-link-dialog');
  }

  async waitOpen(): Promise<void> {
    await this.root.waitFor();
  }

  get agenda(): Locator {
    return this.root.getByLabel('Agenda');
  }

  get length(): Locator {
    return this.root.getByLabel('Length');
  }

  get daysAhead(): Locator {
    return this.root.getByLabel('Days ahead');
  }

  /** A way to meet they may choose, by its label ("Video call", "Phone call", "Meeting", "Coffee"). */
  channel(label: string): Locator {
    return this.root.getByRole('checkbox', { name: new RegExp(`^${label}`) });
  }

  /** "Create link", then waits for the link to be shown. */
  async create(): Promise<void> {
    await this.root.getByRole('button', { name: 'Create link' }).click();
    await this.made.waitFor();
  }

  get made(): Locator {
    return this.root.getByTestId('booking-link-made');
  }

  get url(): Locator {
    return this.root.getByTestId('booking-url');
  }

  /** The first times offered, in the contact's zone, in words (the last item may be "and N more"). */
  get firstTimes(): Locator {
    return this.root.getByTestId('booking-first-times').locator('li');
  }

  async copy(): Promise<void> {
    await this.root.getByRole('button', { name: 'Copy' }).click();
  }

  emailButton(firstName: string): Locator {
    return this.root.getByRole('button', { name: `Email it to ${firstName}` });
  }

  async done(): Promise<void> {
    await this.root.getByRole('button', { name: 'Done' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
}
