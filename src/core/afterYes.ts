import { AppError } from './errors.js';
import { builtinPlaybooks } from './playbooks/builtins.js';
import type { Contact, OutcomeType } from './types.js';

/** A playbook worth enrolling the contact in now, and why, in words. */
export interface PlaybookSuggestion {
  playbookKey: string;
  name: string;
  reason: string;
}

/** After the sale: service, then thanks (seed 003), each a built-in playbook. */
const AFTER_YES: readonly { playbookKey: string; reason: string }[] = [
  { playbookKey: 'service-check-in', reason: 'Check in after the sale: is everything working, and is there anything they need?' },
  { playbookKey: 'thank-you', reason: 'Thank them each year on the day they became a customer.' },
];

export interface AfterYes {
  /** The contact as a customer; the same object when nothing changed. */
  contact: Contact;
  /** The after-sale playbooks to offer, leaving out those the contact is already in. */
  suggestions: PlaybookSuggestion[];
}

/**
 * A yes makes the contact a customer (seed 000: celebrate the smooth sale; 003: service, upgrades,
 * thanks): customer since the day of the yes in their zone (unless already known), the purchase
 * date when one was given, and the after-sale playbooks they are not yet in.
 */
export function afterYes(
  contact: Contact, dateLocal: string, options: { purchaseDate?: string | null | undefined; enrolledKeys: readonly string[]; nowIso: string },
): AfterYes {
  const customerSince = contact.customerSince ?? dateLocal;
  const purchaseDate = options.purchaseDate ?? contact.purchaseDate;
  const unchanged = contact.relationship === 'customer' && customerSince === contact.customerSince && purchaseDate === contact.purchaseDate;
  const suggestions = AFTER_YES
    .filter((s) => !options.enrolledKeys.includes(s.playbookKey))
    .map((s) => ({ ...s, name: builtinPlaybooks.find((p) => p.key === s.playbookKey)?.name ?? s.playbookKey }));
  return {
    contact: unchanged ? contact : { ...contact, relationship: 'customer', customerSince, purchaseDate, updatedAt: options.nowIso },
    suggestions,
  };
}

/** A purchase date goes with a yes: with any other outcome it is refused, not silently dropped. */
export function assertPurchaseDateWithYes(outcome: { type: OutcomeType; purchaseDate?: string | null | undefined } | undefined): void {
  if (outcome?.purchaseDate && outcome.type !== 'yes') {
    throw AppError.invalid('outcome.purchaseDate', 'a purchase date goes with a yes; leave it out for other outcomes');
  }
}
