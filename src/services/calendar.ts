import { buildOpener } from '../core/agenda.js';
import { buildIcalFeed, type FeedItem } from '../calendar/icalFeed.js';
import { DEFAULT_REMINDER_MINUTES } from '../shared/defaults.js';
import * as accounts from '../store/accounts.js';
import { openFollowUpsOfUser } from '../store/calendar.js';
import { findContactsByIds } from '../store/contacts.js';
import { lastInteractions } from '../store/interactions.js';
import type { ServiceDeps } from './deps.js';
import { sha256 } from './secrets.js';

/**
 * The private feed behind `/ical/{secret}.ics`: the secret's owner's open follow-ups in every
 * workspace they belong to. An unknown (or rotated-away) secret gives null, never a hint.
 */
export async function icalFeedFor(deps: ServiceDeps, secret: string): Promise<string | null> {
  const db = deps.store.db;
  const user = await accounts.findUserByIcalHash(db, sha256(secret));
  if (!user) return null;
  const now = deps.clock();
  const items: FeedItem[] = [];
  for (const workspace of await accounts.workspacesOf(db, user.id)) {
    const followUps = await openFollowUpsOfUser(db, workspace.id, user.id);
    const contactIds = [...new Set(followUps.map((f) => f.contactId))];
    const [contacts, last] = await Promise.all([findContactsByIds(db, workspace.id, contactIds), lastInteractions(db, workspace.id, contactIds)]);
    for (const followUp of followUps) {
      const contact = contacts.get(followUp.contactId);
      if (contact) items.push({ followUp, contact, opener: buildOpener(followUp, contact, last.get(contact.id) ?? null, now) });
    }
  }
  return buildIcalFeed({ calendarName: `Followthrough · ${user.name}`, baseUrl: deps.baseUrl, items, nowMs: now, reminderMinutes: user.reminderMinutes ?? DEFAULT_REMINDER_MINUTES });
}
