import { settingsOf } from './workspaceRules.js';
import { Temporal } from 'temporal-polyfill';
import { firstName } from '../core/agenda.js';
import { formatSuggestedTimes, suggestedTimes } from '../core/playbooks/suggestedTimes.js';
import { UNSUBSCRIBE_LINK_MARKER, type MergeValues } from '../core/playbooks/template.js';
import { localDateOf } from '../core/time.js';
import type { Contact, Interaction } from '../core/types.js';
import type { Actor } from './deps.js';

function spoken(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

export interface MergeSources {
  actor: Actor;
  contact: Contact;
  lastInteraction: Interaction | null;
  agenda: string | null;
  progress: string | null;
  dueAtMs: number;
  /** The user's other follow-ups (start instants), so suggested times do not clash. */
  busy: readonly number[];
  needsSuggestedTimes: boolean;
}

/** What a template's merge fields become for this contact, user and moment. */
export function mergeValuesFor(s: MergeSources): MergeValues {
  const { actor, contact } = s;
  const user = actor.user;
  const values: MergeValues = {
    'contact.firstName': firstName(contact.name),
    'contact.name': contact.name,
    'contact.company': contact.company ?? '',
    'contact.title': contact.title ?? '',
    'contact.interest': contact.interests[0] ?? 'what you told me matters most',
    agenda: s.agenda ?? 'what we discussed',
    progress: s.progress ?? 'what has moved on our side since we spoke',
    lastConversationDate: s.lastInteraction ? spoken(localDateOf(Date.parse(s.lastInteraction.occurredAt), contact.timeZone)) : 'our last conversation',
    'user.name': user.name,
    'user.firstName': firstName(user.name),
    'user.phone': '',
    'user.signature': `${user.name}\n${actor.workspace.name}`,
    'product.name': actor.workspace.name,
    'sender.postalAddress': settingsOf(actor.workspace).postalAddress ?? '',
    unsubscribeUrl: UNSUBSCRIBE_LINK_MARKER,
    purchaseDate: contact.purchaseDate ? spoken(contact.purchaseDate) : '',
    customerSince: contact.customerSince ? spoken(contact.customerSince) : '',
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
    values.suggestedTimes = formatSuggestedTimes(slots);
  }
  return values;
}
