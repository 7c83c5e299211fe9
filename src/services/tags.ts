import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { distinctTags, type Tag } from '../shared/tags.js';
import { audit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import * as store from '../store/tags.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requireContact } from './guards.js';

export function listTags(deps: ServiceDeps, actor: Actor): Promise<Tag[]> {
  return store.listTags(deps.store.db, actor.workspace.id);
}

/** A contact's tags, by name. */
export async function contactTags(db: Db, actor: Pick<Actor, 'workspace'>, contactId: string): Promise<string[]> {
  return (await store.tagsOf(db, actor.workspace.id, [contactId])).get(contactId) ?? [];
}

/** Adds tags to one contact (new tags are created); returns all its tags. */
export async function tagContact(deps: ServiceDeps, actor: Actor, contactId: string, names: string[], colour?: string): Promise<string[]> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    await requireContact(trx, actor, contactId);
    const ids = await store.ensureTags(trx, actor.workspace.id, distinctTags(names), colour ?? null, nowIso);
    for (const tagId of ids.values()) await store.addTagToContacts(trx, actor.workspace.id, tagId, [contactId], nowIso);
    await audit(trx, { workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'contact', entityId: contactId, action: 'tag', detail: { tags: distinctTags(names) }, at: nowIso });
    return contactTags(trx, actor, contactId);
  });
}

/** Takes a tag off one contact; a tag it does not wear is a 404. */
export async function untagContact(deps: ServiceDeps, actor: Actor, contactId: string, name: string): Promise<string[]> {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    await requireContact(trx, actor, contactId);
    const tagId = await store.findTagId(trx, actor.workspace.id, name);
    const removed = tagId ? await store.removeTagFromContacts(trx, actor.workspace.id, tagId, [contactId]) : 0;
    if (removed === 0) throw new AppError('not-found', `this contact has no tag "${name}"`);
    await audit(trx, { workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'contact', entityId: contactId, action: 'untag', detail: { tag: name }, at: nowIso });
    return contactTags(trx, actor, contactId);
  });
}

/** Replaces a contact's tags (a contact created or edited with `tags`), inside the caller's transaction. */
export async function replaceContactTags(db: Db, actor: Actor, contactId: string, names: string[], nowIso: string): Promise<void> {
  await store.setContactTags(db, actor.workspace.id, contactId, distinctTags(names), nowIso);
}

/** The contacts with their tags, read in one query per 500. */
export async function withTags<T extends { id: string }>(db: Db, workspaceId: string, items: T[]): Promise<(T & { tags: string[] })[]> {
  const tags = await store.tagsOf(db, workspaceId, items.map((item) => item.id));
  return items.map((item) => ({ ...item, tags: tags.get(item.id) ?? [] }));
}

export async function withTagsOne<T extends { id: string }>(db: Db, workspaceId: string, item: T): Promise<T & { tags: string[] }> {
  return { ...item, tags: (await store.tagsOf(db, workspaceId, [item.id])).get(item.id) ?? [] };
}

