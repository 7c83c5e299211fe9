import { afterYes, assertPurchaseDateWithYes, type PlaybookSuggestion } from '../core/afterYes.js';
import { localDateOf } from '../core/time.js';
import type { Interaction, OutcomeType } from '../core/types.js';
import * as contacts from '../store/contacts.js';
import type { Db } from '../store/db.js';
import { liveEnrollmentsOf } from '../store/enrollments.js';
import type { Actor } from './deps.js';

/**
 * What a logged yes does to the contact: a customer from that day in their zone, with the purchase
 * date given. Returns the after-sale playbooks to offer; undefined when the touch was not a yes.
 */
export async function recordYes(
  trx: Db, actor: Actor, interaction: Interaction, outcome: { type: OutcomeType; purchaseDate?: string | undefined } | undefined, nowIso: string,
): Promise<PlaybookSuggestion[] | undefined> {
  assertPurchaseDateWithYes(outcome);
  if (outcome?.type !== 'yes') return undefined;
  // Read again: the touch may already have changed the contact in this transaction.
  const contact = await contacts.findContact(trx, actor.workspace.id, interaction.contactId);
  if (!contact) return undefined;
  const enrolledKeys = (await liveEnrollmentsOf(trx, actor.workspace.id, contact.id)).map((e) => e.playbookKey);
  const dateLocal = localDateOf(Date.parse(interaction.occurredAt), contact.timeZone);
  const result = afterYes(contact, dateLocal, { purchaseDate: outcome.purchaseDate, enrolledKeys, nowIso });
  if (result.contact !== contact) await contacts.updateContact(trx, result.contact);
  return result.suggestions;
}
