import { AppError } from './errors.js';
import type { Contact } from './types.js';

/** New outbound work for a contact who said no or opted out is refused until they opt in again. */
export function assertContactable(contact: Pick<Contact, 'name' | 'doNotContact' | 'doNotContactReason'>): void {
  if (contact.doNotContact) {
    const why = contact.doNotContactReason ? ` (${contact.doNotContactReason})` : '';
    throw new AppError('do-not-contact', `${contact.name} is marked do-not-contact${why}; record an opt-in first`);
  }
}
