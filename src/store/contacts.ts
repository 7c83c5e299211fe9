import { sql, type RawBuilder, type Selectable } from 'kysely';
import { phoneKey } from '../core/import/duplicateKeys.js';
import type { Contact, ReachableWindow } from '../core/types.js';
import { relationships, type Relationship } from '../shared/vocabulary.js';
import type { ContactNextStepFilter, ContactSort } from '../shared/contacts.js';
import type { ContactsTable } from './schema.js';
import { bit, bool, decodeCursor, encodeCursor, pageOf, parseJson, type Db, type Page } from './db.js';
import { findsNoOne, matchSnippet, parseSearch, type SearchQuery } from '../core/search.js';
import { SEARCH_TIERS, tierHitIds, writeNewContactSearchDocument, type SearchTier } from './contactSearch.js';

type Row = Selectable<ContactsTable>;

export function toContact(row: Row): Contact {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    ownerId: row.owner_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    title: row.title,
    timeZone: row.time_zone,
    preferredChannel: row.preferred_channel,
    reachable: parseJson<ReachableWindow[]>(row.reachable, []),
    interests: parseJson<string[]>(row.interests, []),
    buyingProcess: row.buying_process,
    referredBy: row.referred_by ?? null,
    relationship: row.relationship,
    interest: row.interest,
    canBuy: row.can_buy,
    authority: row.authority,
    doNotContact: bool(row.do_not_contact),
    doNotContactReason: row.dnc_reason,
    doNotContactAt: row.dnc_at,
    notes: row.notes,
    customerSince: row.customer_since,
    purchaseDate: row.purchase_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    timeBudgetMinutes: row.time_budget_minutes ?? null,
    timeSpentMinutes: Number(row.time_spent_minutes ?? 0),
  };
}

export function toRow(contact: Contact): Row {
  return {
    id: contact.id,
    workspace_id: contact.workspaceId,
    owner_id: contact.ownerId,
    name: contact.name,
    name_search: searchKey(contact),
    email: contact.email,
    phone: contact.phone,
    phone_key: phoneKey(contact.phone),
    company: contact.company,
    title: contact.title,
    time_zone: contact.timeZone,
    preferred_channel: contact.preferredChannel,
    reachable: JSON.stringify(contact.reachable),
    interests: JSON.stringify(contact.interests),
    buying_process: contact.buyingProcess,
    referred_by: contact.referredBy,
    relationship: contact.relationship,
    interest: contact.interest,
    can_buy: contact.canBuy,
    authority: contact.authority,
    do_not_contact: bit(contact.doNotContact),
    dnc_reason: contact.doNotContactReason,
    dnc_at: contact.doNotContactAt,
    notes: contact.notes,
    customer_since: contact.customerSince,
    purchase_date: contact.purchaseDate,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
    time_budget_minutes: contact.timeBudgetMinutes ?? null,
    // Only ever added to, in SQL, as touches are logged: a contact read earlier must not write it back.
    time_spent_minutes: undefined,
  };
}

/** Lower-cased name, company and email in one column, so a search is one LIKE on both dialects. */
function searchKey(contact: Pick<Contact, 'name' | 'company' | 'email'>): string {
  return [contact.name, contact.company ?? '', contact.email ?? ''].join(' ').toLowerCase();
}

export async function insertContact(db: Db, contact: Contact): Promise<void> {
  await db.insertInto('contacts').values(toRow(contact)).execute();
  await writeNewContactSearchDocument(db, contact.id);
}

export async function updateContact(db: Db, contact: Contact): Promise<void> {
  const { id, workspace_id, created_at: _createdAt, ...rest } = toRow(contact);
  await db.updateTable('contacts').set(rest).where('workspace_id', '=', workspace_id).where('id', '=', id).execute();
}

export async function findContact(db: Db, workspaceId: string, id: string): Promise<Contact | null> {
  const row = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toContact(row) : null;
}

export async function findContactsByIds(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, Contact>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toContact(r)]));
}

export interface ContactFilter {
  q?: string | undefined;
  relationship?: Relationship | undefined;
  doNotContact?: boolean | undefined;
  ownerId?: string | undefined;
  nextStep?: ContactNextStepFilter | undefined;
  /** Silent (true) or not (false), by the per-relationship cutoffs from core's silenceCutoffs. */
  silent?: { is: boolean; cutoffs: Record<Relationship, string> } | undefined;
  /** Further conditions on the contact `c`, e.g. custom-field filters (services/customFieldValues.ts). */
  conditions?: RawBuilder<boolean>[] | undefined;
  /** Name (the default, paged by name), or an order paged by position (the cursor is an offset). */
  sort?: ContactSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A contact as listed: with the facts the list's flags are decided from (see core's silence and leadAttention). */
export interface ListedContact extends Contact {
  lastTouchAt: string | null;
  hasOpenFollowUp: boolean;
  hasOpenOpportunity: boolean;
  /** With a search: where it matched, when not in the name (core's matchSnippet). */
  match?: string | null;
}

// Correlated on the contact alone: its follow-ups, opportunities and touches are all in its workspace,
// and each has an index that starts with contact_id, so each is one index seek per contact.
const openFollowUp = sql<boolean>`exists (select 1 from follow_ups f where f.contact_id = c.id and f.status = 'open')`;
const openOpportunity = sql<boolean>`exists (select 1 from opportunities o where o.contact_id = c.id and o.status = 'open')`;
const lastTouch = sql<string | null>`(select max(i.occurred_at) from interactions i where i.contact_id = c.id)`;
const notDoNotContact = sql<boolean>`c.do_not_contact = ${bit(false)}`;

/** The conditions of core's hasNoNextStep, isStalled and isSilent, in SQL. */
const conditions = {
  noNextStep: sql<boolean>`(${notDoNotContact} and not ${openFollowUp})`,
  stalled: sql<boolean>`(${openOpportunity} and not ${openFollowUp})`,
  silent: (cutoffs: Record<Relationship, string>) => {
    const cutoff = sql.join(relationships.map((r) => sql`when ${r} then ${cutoffs[r]}`), sql` `);
    return sql<boolean>`(${notDoNotContact} and coalesce(${lastTouch}, c.created_at) < (case c.relationship ${cutoff} end))`;
  },
};

export type FilteredContacts = ReturnType<typeof filtered>;

function filtered(db: Db, workspaceId: string, filter: Omit<ContactFilter, 'limit' | 'cursor'>) {
  let query = db.selectFrom('contacts as c').where('c.workspace_id', '=', workspaceId);
  if (filter.relationship) query = query.where('c.relationship', '=', filter.relationship);
  if (filter.doNotContact !== undefined) query = query.where('c.do_not_contact', '=', bit(filter.doNotContact));
  if (filter.ownerId) query = query.where('c.owner_id', '=', filter.ownerId);
  if (filter.nextStep === 'none') query = query.where(conditions.noNextStep);
  if (filter.nextStep === 'stalled') query = query.where(conditions.stalled);
  if (filter.silent) {
    const silent = conditions.silent(filter.silent.cutoffs);
    query = query.where(filter.silent.is ? silent : sql<boolean>`not ${silent}`);
  }
  for (const condition of filter.conditions ?? []) query = query.where(condition);
  return query;
}

export async function listContacts(db: Db, workspaceId: string, filter: ContactFilter): Promise<Page<ListedContact>> {
  const search = parseSearch(filter.q);
  if (search) return findContacts(db, workspaceId, filter, search);
  if (filter.sort && filter.sort !== 'name') return listSorted(db, workspaceId, filter, filter.sort);
  let query = filtered(db, workspaceId, filter).selectAll('c')
    .select([lastTouch.as('last_touch_at'), openFollowUp.as('open_follow_up'), openOpportunity.as('open_opportunity')]);
  const after = decodeCursor(filter.cursor, 2);
  if (after) {
    const [name = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('c.name_search', '>', name), eb.and([eb('c.name_search', '=', name), eb('c.id', '>', id)])]));
  }
  const rows = await query.orderBy('c.name_search').orderBy('c.id').limit(filter.limit + 1).execute();
  const page = pageOf(rows, filter.limit, (last) => [last.name_search, last.id]);
  return { items: page.items.map(listed), nextCursor: page.nextCursor };
}

const nextDue = sql<string | null>`(select min(f.due_at) from follow_ups f where f.contact_id = c.id and f.status = 'open')`;

/** Saved views' other orders (issue 16 item 3); missing values last on both dialects, the id breaking ties. */
async function listSorted(db: Db, workspaceId: string, filter: ContactFilter, sort: Exclude<ContactSort, 'name'>): Promise<Page<ListedContact>> {
  const offset = Number(decodeCursor(filter.cursor, 2)?.[1] ?? 0);
  if (!Number.isInteger(offset) || offset < 0) return { items: [], nextCursor: null };
  const key = sort === 'created' ? sql<string>`c.created_at` : sort === 'lastTouch' ? sql<string>`coalesce(${lastTouch}, '')` : sql<string>`coalesce(${nextDue}, '9999')`;
  const rows = await filtered(db, workspaceId, filter).selectAll('c')
    .select([lastTouch.as('last_touch_at'), openFollowUp.as('open_follow_up'), openOpportunity.as('open_opportunity')])
    .orderBy(key, sort === 'nextDue' ? 'asc' : 'desc').orderBy('c.id').limit(filter.limit + 1).offset(offset).execute();
  const page = pageOf(rows, filter.limit, () => ['sort', String(offset + filter.limit)]);
  return { items: page.items.map(listed), nextCursor: page.nextCursor };
}

/**
 * A page of search results (store/contactSearch.ts: tiers, newest first within each). The cursor is
 * the tier and position the next page starts at; the page is chosen on the indexes first and the
 * list's facts are then read for its rows only.
 */
async function findContacts(db: Db, workspaceId: string, filter: ContactFilter, search: SearchQuery): Promise<Page<ListedContact>> {
  const at = decodeCursor(filter.cursor, 3);
  const startTier = Number(at?.[1] ?? SEARCH_TIERS[0]);
  const startOffset = Number(at?.[2] ?? 0);
  const validStart = (SEARCH_TIERS as readonly number[]).includes(startTier) && Number.isInteger(startOffset) && startOffset >= 0;
  if (findsNoOne(search) || !validStart) return { items: [], nextCursor: null };
  const wanted = filter.limit + 1;
  const hits: { id: string; tier: SearchTier; position: number }[] = [];
  for (const tier of SEARCH_TIERS.filter((t) => t >= startTier)) {
    const offset = tier === startTier ? startOffset : 0;
    const ids = await tierHitIds(db, workspaceId, filtered(db, workspaceId, filter), search, tier, { limit: wanted - hits.length, offset });
    ids.forEach((id, i) => hits.push({ id, tier, position: offset + i }));
    if (hits.length >= wanted) break;
  }
  const shown = hits.slice(0, filter.limit);
  const next = hits[filter.limit];
  if (shown.length === 0) return { items: [], nextCursor: null };
  const rows = await db.selectFrom('contacts as c').leftJoin('contact_search_docs as d', 'd.contact_id', 'c.id')
    .where('c.workspace_id', '=', workspaceId).where('c.id', 'in', shown.map((h) => h.id)).selectAll('c')
    .select([lastTouch.as('last_touch_at'), openFollowUp.as('open_follow_up'), openOpportunity.as('open_opportunity'), 'd.agendas']).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = shown.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ ...listed(row), match: matchSnippet({ ...toContact(row), agenda: row.agendas }, search) }] : [];
  });
  return { items, nextCursor: next ? encodeCursor(['rank', String(next.tier), String(next.position)]) : null };
}

function listed(row: Row & { last_touch_at: string | null; open_follow_up: boolean; open_opportunity: boolean }): ListedContact {
  return {
    ...toContact(row),
    lastTouchAt: row.last_touch_at ?? null,
    hasOpenFollowUp: truthy(row.open_follow_up),
    hasOpenOpportunity: truthy(row.open_opportunity),
  };
}

/** SQLite answers exists() with 0 or 1, PostgreSQL with a boolean. */
const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1';

export interface AttentionCounts {
  noNextStep: number;
  stalled: number;
  silent: number;
}

/** How many of the workspace's contacts (optionally one owner's) match each attention filter: one pass over them. */
export async function countAttention(db: Db, workspaceId: string, cutoffs: Record<Relationship, string>, ownerId?: string): Promise<AttentionCounts> {
  const tally = (condition: ReturnType<typeof sql<boolean>>) => sql<number | string | null>`sum(case when ${condition} then 1 else 0 end)`;
  const row = await filtered(db, workspaceId, { ownerId })
    .select([tally(conditions.noNextStep).as('no_next_step'), tally(conditions.stalled).as('stalled'), tally(conditions.silent(cutoffs)).as('silent')])
    .executeTakeFirst();
  return { noNextStep: Number(row?.no_next_step ?? 0), stalled: Number(row?.stalled ?? 0), silent: Number(row?.silent ?? 0) };
}

export async function deleteContact(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
