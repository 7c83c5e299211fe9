import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.js';
import { newId } from './ids.js';

export interface TagRow {
  id: string;
  name: string;
  colour: string | null;
  contacts: number;
}

const keyOf = (name: string): string => name.trim().toLowerCase();

/** Rows per insert: well under both dialects' bound-parameter limits. */
const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function listTags(db: Db, workspaceId: string): Promise<TagRow[]> {
  const rows = await db.selectFrom('tags as t').where('t.workspace_id', '=', workspaceId)
    .select(['t.id', 't.name', 't.colour', sql<number | string>`(select count(*) from contact_tags ct where ct.tag_id = t.id)`.as('contacts')])
    .orderBy('t.name_key').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, colour: r.colour, contacts: Number(r.contacts) }));
}

export async function findTagId(db: Db, workspaceId: string, name: string): Promise<string | null> {
  const row = await db.selectFrom('tags').select('id').where('workspace_id', '=', workspaceId).where('name_key', '=', keyOf(name)).executeTakeFirst();
  return row?.id ?? null;
}

/** The ids of the named tags, creating those the workspace does not have yet (the first spelling is kept). */
export async function ensureTags(db: Db, workspaceId: string, names: readonly string[], colour: string | null, nowIso: string): Promise<Map<string, string>> {
  const keys = [...new Set(names.map(keyOf))];
  if (keys.length === 0) return new Map();
  const fresh = names.filter((n, i) => names.findIndex((m) => keyOf(m) === keyOf(n)) === i)
    .map((name) => ({ id: newId(), workspace_id: workspaceId, name: name.trim(), name_key: keyOf(name), colour, created_at: nowIso }));
  await db.insertInto('tags').values(fresh).onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing()).execute();
  const rows = await db.selectFrom('tags').select(['id', 'name_key']).where('workspace_id', '=', workspaceId).where('name_key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.name_key, r.id]));
}

/** Links the tag to each contact; a contact already wearing it is left as it was. Returns how many were added. */
export async function addTagToContacts(db: Db, workspaceId: string, tagId: string, contactIds: readonly string[], nowIso: string): Promise<number> {
  let added = 0;
  for (const part of chunks(contactIds)) {
    const result = await db.insertInto('contact_tags')
      .values(part.map((contactId) => ({ contact_id: contactId, tag_id: tagId, workspace_id: workspaceId, created_at: nowIso })))
      .onConflict((oc) => oc.columns(['contact_id', 'tag_id']).doNothing()).executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function removeTagFromContacts(db: Db, workspaceId: string, tagId: string, contactIds: readonly string[]): Promise<number> {
  let removed = 0;
  for (const part of chunks(contactIds)) {
    const result = await db.deleteFrom('contact_tags').where('workspace_id', '=', workspaceId).where('tag_id', '=', tagId)
      .where('contact_id', 'in', part).executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

/** Each contact's tags, by name. */
export async function tagsOf(db: Db, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>(contactIds.map((id) => [id, []]));
  for (const part of chunks(contactIds)) {
    const rows = await db.selectFrom('contact_tags as ct').innerJoin('tags as t', 't.id', 'ct.tag_id')
      .select(['ct.contact_id', 't.name']).where('ct.workspace_id', '=', workspaceId).where('ct.contact_id', 'in', part)
      .orderBy('t.name_key').execute();
    for (const row of rows) tags.get(row.contact_id)?.push(row.name);
  }
  return tags;
}

/** Which of the contacts already wear the tag. */
export async function contactsWearing(db: Db, workspaceId: string, tagId: string, contactIds: readonly string[]): Promise<Set<string>> {
  const wearing = new Set<string>();
  for (const part of chunks(contactIds)) {
    const rows = await db.selectFrom('contact_tags').select('contact_id').where('workspace_id', '=', workspaceId)
      .where('tag_id', '=', tagId).where('contact_id', 'in', part).execute();
    for (const row of rows) wearing.add(row.contact_id);
  }
  return wearing;
}

/** Replaces a contact's tags with these (a contact created or edited with `tags`). */
export async function setContactTags(db: Db, workspaceId: string, contactId: string, names: readonly string[], nowIso: string): Promise<void> {
  const ids = await ensureTags(db, workspaceId, names, null, nowIso);
  let query = db.deleteFrom('contact_tags').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  if (ids.size > 0) query = query.where('tag_id', 'not in', [...ids.values()]);
  await query.execute();
  for (const tagId of ids.values()) await addTagToContacts(db, workspaceId, tagId, [contactId], nowIso);
}

/** The contacts list's ?tag= condition, on the list's alias `c`: the contact wears the tag. */
export const wearsTag = (workspaceId: string, name: string) => sql<boolean>`exists (select 1 from contact_tags ct inner join tags t on t.id = ct.tag_id where ct.contact_id = c.id and t.workspace_id = ${workspaceId} and t.name_key = ${keyOf(name)})`;

/** The contacts list's tag (every one must be worn) and no-owner filters, as conditions on `c`. */
export function tagConditions(workspaceId: string, filter: { tags?: string[] | undefined; noOwner?: boolean | undefined }): RawBuilder<boolean>[] {
  const conditions = (filter.tags ?? []).map((tag) => wearsTag(workspaceId, tag));
  if (filter.noOwner) conditions.push(sql<boolean>`c.owner_id is null`);
  return conditions;
}
