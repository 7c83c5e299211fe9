import { applyContactFields, blankContact, liftDoNotContact, type ContactFields } from '../core/contacts.js';
import { hasNoNextStep, isStalled } from '../core/leadAttention.js';
import { isSilent, maxSilenceDaysOf, silenceCutoffs, silentSince } from '../core/silence.js';
import { formatInstant } from '../core/time.js';
import type { Contact } from '../core/types.js';
import type { CustomFieldFilter, CustomFieldValues, CustomFieldValuesInput } from '../shared/customFields.js';
import { audit, deleteAuditAboutContact } from '../store/audit.js';
import * as consent from '../store/consent.js';
import * as contacts from '../store/contacts.js';
import type { Page } from '../store/db.js';
import { newId } from '../store/ids.js';
import { suppressPerson } from '../store/suppressions.js';
import { deleteDeliveriesAbout } from '../store/webhookDeliveries.js';
import * as interactions from '../store/interactions.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact, requireMember } from './guards.js';
import { stopContacting } from './stopContacting.js';
import { requirePermission } from './permissions.js';
import { settingsOf } from './workspaceRules.js';
import { customFieldConditions, saveCustomFieldValues, withCustomFields, withCustomFieldsOne } from './customFieldValues.js';
import { replaceContactTags, withTags, withTagsOne } from './tags.js';
import { tagConditions } from '../store/tags.js';

/** What a contact is written with: its own fields and the workspace's custom fields (checked against their definitions). */
type ContactWrite = ContactFields & { customFields?: CustomFieldValuesInput | undefined; tags?: string[] | undefined };
type WithCustomFields<T> = T & { customFields: CustomFieldValues; tags: string[] };

export async function createContact(deps: ServiceDeps, actor: Actor, fields: ContactWrite & { name: string }): Promise<WithCustomFields<Contact>> {
  const nowIso = formatInstant(deps.clock());
  const base = blankContact(newId(), actor.workspace.id, actor.user.timeZone, actor.user.id, nowIso);
  const contact = applyContactFields(base, fields, nowIso);
  await deps.store.db.transaction().execute(async (trx) => {
    if (contact.ownerId && contact.ownerId !== actor.user.id) await requireMember(trx, actor, contact.ownerId);
    await contacts.insertContact(trx, contact);
    await saveCustomFieldValues(trx, actor.workspace.id, 'contact', contact.id, fields.customFields);
    if (fields.tags) await replaceContactTags(trx, actor, contact.id, fields.tags, nowIso);
  });
  return withTagsOne(deps.store.db, actor.workspace.id, await withCustomFieldsOne(deps.store.db, actor.workspace.id, 'contact', contact));
}

export async function getContact(deps: ServiceDeps, actor: Actor, id: string): Promise<WithCustomFields<Contact>> {
  return withTagsOne(deps.store.db, actor.workspace.id, await withCustomFieldsOne(deps.store.db, actor.workspace.id, 'contact', await requireContact(deps.store.db, actor, id)));
}

export interface ContactListFilter extends Omit<contacts.ContactFilter, 'silent'> {
  silent?: boolean | undefined;
  customFields?: CustomFieldFilter[] | undefined;
  /** Tags the contacts all wear, and contacts nobody owns (services/tags.ts tagConditions). */
  tags?: string[] | undefined;
  noOwner?: boolean | undefined;
}

/** A listed contact with its flags: no next step, stalled, silent too long (each decided in core). */
export interface FlaggedContact extends Contact {
  lastTouchAt: string | null;
  noNextStep: boolean;
  stalled: boolean;
  silent: boolean;
  silentSince: string | null;
  tags: string[];
  /** With a search: where it matched, when not in the name. */
  match?: string | null;
}

export async function listContacts(deps: ServiceDeps, actor: Actor, filter: ContactListFilter): Promise<Page<FlaggedContact>> {
  const nowMs = deps.clock();
  const maxSilence = maxSilenceDaysOf(settingsOf(actor.workspace).maxSilenceDays);
  const silent = filter.silent === undefined ? undefined : { is: filter.silent, cutoffs: silenceCutoffs(nowMs, maxSilence) };
  const conditions = [...filter.conditions ?? [], ...tagConditions(actor.workspace.id, filter), ...await customFieldConditions(deps.store.db, actor.workspace.id, 'contact', 'c', filter.customFields ?? [])];
  const page = await contacts.listContacts(deps.store.db, actor.workspace.id, { ...filter, silent, conditions });
  return {
    nextCursor: page.nextCursor,
    items: await withTags(deps.store.db, actor.workspace.id, await withCustomFields(deps.store.db, actor.workspace.id, 'contact', page.items.map(({ hasOpenFollowUp, hasOpenOpportunity, ...contact }) => {
      const facts = { doNotContact: contact.doNotContact, hasOpenFollowUp, hasOpenOpportunity };
      const isSilentNow = isSilent(contact, contact.lastTouchAt, nowMs, maxSilence);
      return {
        ...contact,
        noNextStep: hasNoNextStep(facts),
        stalled: isStalled(facts),
        silent: isSilentNow,
        silentSince: isSilentNow ? silentSince(contact.lastTouchAt, contact.createdAt) : null,
      };
    }))),
  };
}

/** Today's counts: contacts with no next step, stalled, and silent too long (the same rules as the list's filters). */
export function contactAttention(deps: ServiceDeps, actor: Actor, ownerId?: string): Promise<contacts.AttentionCounts> {
  const maxSilence = maxSilenceDaysOf(settingsOf(actor.workspace).maxSilenceDays);
  return contacts.countAttention(deps.store.db, actor.workspace.id, silenceCutoffs(deps.clock(), maxSilence), ownerId);
}

export async function updateContact(deps: ServiceDeps, actor: Actor, id: string, fields: ContactWrite): Promise<WithCustomFields<Contact>> {
  const nowIso = formatInstant(deps.clock());
  const updated = await deps.store.db.transaction().execute(async (trx) => {
    const before = await requireContact(trx, actor, id);
    const after = applyContactFields(before, fields, nowIso);
    if (fields.ownerId) await requireMember(trx, actor, fields.ownerId);
    await contacts.updateContact(trx, after);
    await saveCustomFieldValues(trx, actor.workspace.id, 'contact', id, fields.customFields);
    if (fields.tags !== undefined) await replaceContactTags(trx, actor, id, fields.tags, nowIso);
    await audit(trx, { workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'contact', entityId: id, action: 'update', detail: { fields: Object.keys(fields) }, at: nowIso });
    return after;
  });
  return withTagsOne(deps.store.db, actor.workspace.id, await withCustomFieldsOne(deps.store.db, actor.workspace.id, 'contact', updated));
}

/** Erasure: the contact and everything about it go (cascading foreign keys do the rest). */
export async function deleteContact(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'eraseContacts');
  await deps.store.db.transaction().execute(async (trx) => {
    const erased = await requireContact(trx, actor, id);
    await deleteAuditAboutContact(trx, actor.workspace.id, id);
    await contacts.deleteContact(trx, actor.workspace.id, id);
    await deleteDeliveriesAbout(trx, actor.workspace.id, id);
    await suppressPerson(trx, actor.workspace.id, erased, formatInstant(deps.clock())); // only hashes stay: no re-import without opt-in
  });
}

/** An opt-out stops everything at once: open follow-ups are cancelled and new ones refused. */
export async function optOut(deps: ServiceDeps, actor: Actor, id: string, reason: string): Promise<Contact> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    const stopped = await stopContacting(trx, actor, await requireContact(trx, actor, id), {
      reason, followUpReason: `opted out: ${reason}`, record: { kind: 'opt-out', detail: reason, userId: actor.user.id },
      exitAs: 'opted-out', atMs: now, nowIso,
    });
    return stopped.contact;
  });
}

export async function optIn(deps: ServiceDeps, actor: Actor, id: string, evidence: string): Promise<Contact> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const contact = liftDoNotContact(await requireContact(trx, actor, id), nowIso);
    await contacts.updateContact(trx, contact);
    await consent.insertConsentRecord(trx, { id: newId(), workspaceId: actor.workspace.id, contactId: id, userId: actor.user.id, kind: 'opt-in', detail: evidence, createdAt: nowIso });
    return contact;
  });
}

export async function contactTimeline(deps: ServiceDeps, actor: Actor, id: string, limit: number, cursor?: string) {
  await requireContact(deps.store.db, actor, id);
  return interactions.timeline(deps.store.db, actor.workspace.id, id, limit, cursor);
}

export async function contactConsent(deps: ServiceDeps, actor: Actor, id: string) {
  await requireContact(deps.store.db, actor, id);
  return consent.consentRecordsOf(deps.store.db, actor.workspace.id, id);
}
