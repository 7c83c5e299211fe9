import { settingsOf } from './workspaceRules.js';
import { Temporal } from 'temporal-polyfill';
import { firstName } from '../core/agenda.js';
import { formatSuggestedTimes, suggestedTimes } from '../core/playbooks/suggestedTimes.js';
import { BOOKING_LINK_MARKER, UNSUBSCRIBE_LINK_MARKER, type MergeValues } from '../core/playbooks/template.js';
import { localDateOf } from '../core/time.js';
import type { Contact, Interaction } from '../core/types.js';
import type { Actor } from './deps.js';

function spoken(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

export interface MergeSources {
  actor: Actor;
  contact: Contact;
  /** The last real conversation (not a voicemail or an unanswered call). */
  lastConversation: Interaction | null;
  agenda: string | null;
  progress: string | null;
  dueAtMs: number;
  /** The user's other follow-ups (start instants), so suggested times do not clash. */
  busy: readonly number[];
  needsSuggestedTimes: boolean;
  /** An email: {{bookingUrl}} and each suggested time link to a booking page made when it is sent. */
  offersBookingLink: boolean;
}

/**
 * The fields that come from the contact, the user and the workspace as they stand, whatever the
 * moment: the outbox fills a held email's placeholders from these once someone adds the missing value.
 * An empty one stays empty (the template shows its placeholder): {{user.phone}} has no default.
 */
export function standingValuesFor(actor: Actor, contact: Contact): MergeValues {
  return {
    'contact.firstName': firstName(contact.name),
    'contact.name': contact.name,
    'contact.company': contact.company ?? '',
    'contact.title': contact.title ?? '',
    'referrer.name': contact.referredBy ?? '',
    'referrer.firstName': contact.referredBy ? firstName(contact.referredBy) : '',
    purchaseDate: contact.purchaseDate ? spoken(contact.purchaseDate) : '',
    customerSince: contact.customerSince ? spoken(contact.customerSince) : '',
    ...senderValuesFor(actor),
  };
}

/** The fields about the one who sends: the user as they are now, and their workspace. */
export function senderValuesFor(actor: Actor): MergeValues {
  const user = actor.user;
  return {
    'user.name': user.name,
    'user.firstName': firstName(user.name),
    'user.phone': user.phone ?? '',
    'user.signature': user.signature ?? `${user.name}\n${actor.workspace.name}`,
    'product.name': actor.workspace.name,
    'sender.postalAddress': settingsOf(actor.workspace).postalAddress ?? '',
  };
}

/** What a template's merge fields become for this contact, user and moment. */
export function mergeValuesFor(s: MergeSources): MergeValues {
  const { actor, contact } = s;
  const user = actor.user;
  const values: MergeValues = {
    ...standingValuesFor(actor, contact),
    'contact.interest': contact.interests[0] ?? 'what you told me matters most',
    agenda: s.agenda ?? 'what we discussed',
    // Empty: the template leaves out the sentence that would carry it, rather than say nothing in many words.
    progress: s.progress ?? '',
    // Only a real conversation; with none, the sentence that would speak of one is left out.
    lastConversationDate: s.lastConversation ? spoken(localDateOf(Date.parse(s.lastConversation.occurredAt), contact.timeZone)) : '',
    unsubscribeUrl: UNSUBSCRIBE_LINK_MARKER,
    bookingUrl: BOOKING_LINK_MARKER,
    customerYears: contact.customerSince
      ? String(Math.max(1, Temporal.PlainDate.from(contact.customerSince).until(Temporal.PlainDate.from(localDateOf(s.dueAtMs, contact.timeZone)), { largestUnit: 'years' }).years))
      : '',
  };
  if (s.needsSuggestedTimes) {
    const slots = suggestedTimes({
      fromMs: s.dueAtMs + 86_400_000,
      user: { timeZone: user.timeZone, workingHours: [{ days: user.workDays, from: user.workFrom, to: user.workTo }] },
      contact: { timeZone: contact.timeZone, reachable: contact.reachable },
      busy: s.busy,
    });
    values.suggestedTimes = formatSuggestedTimes(slots, s.offersBookingLink ? BOOKING_LINK_MARKER : null);
  }
  return values;
}
