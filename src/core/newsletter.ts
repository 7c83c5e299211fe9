import { spokenInstant } from './spokenTime.js';
import type { Channel, Contact } from './types.js';
import { channelWords } from './warnings.js';

/**
 * Seed 001: "Some even ask if the prospect would like to be added to an email newsletter." Their answer
 * is kept like an opt-in: what they said, how and when. The latest answer counts; nothing is sent from here.
 */
export const newsletterKinds = ['newsletter-yes', 'newsletter-no'] as const;
export type NewsletterKind = (typeof newsletterKinds)[number];

export interface NewsletterRecord {
  kind: string;
  detail: string;
  createdAt: string;
}

export interface NewsletterConsent {
  /** null: never asked. */
  consent: boolean | null;
  /** When they said it. */
  at: string | null;
  evidence: string | null;
}

/** The evidence as kept: how they said it, then their words ("A call: yes, keep me posted"). */
export function newsletterEvidence(channel: Channel | null | undefined, words: string): string {
  if (!channel) return words;
  const how = channelWords(channel);
  return `${how.charAt(0).toUpperCase()}${how.slice(1)}: ${words}`;
}

/** Their latest newsletter answer among a contact's consent records. */
export function newsletterConsentOf(records: readonly NewsletterRecord[]): NewsletterConsent {
  const answers = records.filter((r) => (newsletterKinds as readonly string[]).includes(r.kind));
  const latest = answers.reduce<NewsletterRecord | null>((a, b) => (a === null || b.createdAt >= a.createdAt ? b : a), null);
  if (!latest) return { consent: null, at: null, evidence: null };
  return { consent: latest.kind === 'newsletter-yes', at: latest.createdAt, evidence: latest.detail };
}

/** Who goes on the list a mailing tool gets: a yes, an email address, and no opt-out since. */
export function isNewsletterRecipient(contact: Pick<Contact, 'email' | 'doNotContact'>, consent: NewsletterConsent): boolean {
  return consent.consent === true && contact.email !== null && contact.email !== '' && !contact.doNotContact;
}

/** One sentence for the contact page. */
export function newsletterInWords(consent: NewsletterConsent, contact: Pick<Contact, 'email' | 'doNotContact'>, zone: string): string {
  if (consent.consent === null || consent.at === null) return 'Not asked yet whether they want the newsletter.';
  const when = spokenInstant(Date.parse(consent.at), zone);
  if (!consent.consent) return `Said no to the newsletter on ${when}.`;
  if (contact.doNotContact) return `Said yes to the newsletter on ${when}, but has opted out since: left off the list.`;
  if (!contact.email) return `Said yes to the newsletter on ${when}; add their email address to put them on the list.`;
  return `Wants the newsletter (said yes on ${when}).`;
}
