import { sql, type Selectable } from 'kysely';
import { phoneKey } from '../core/importRows.js';
import type { Contact, ReachableWindow } from '../core/types.js';
import type { ContactsTable } from './schema.js';
import { bit, bool, decodeCursor, pageOf, parseJson, type Db, type Page } from './db.js';

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
    preferredChannel: row.preferred_channel as Contact['preferredChannel'],
    reachable: parseJson<ReachableWindow[]>(row.reachable, []),
    interests: parseJson<string[]>(row.interests, []),
    buyingProcess: row.buying_process,
    referredBy: row.referred_by ?? null,
    relationship: row.relationship as Contact['relationship'],
    interest: row.interest as Contact['interest'],
    canBuy: row.can_buy as Contact['canBuy'],
    authority: row.authority,
    doNotContact: bool(row.do_not_contact),
    doNotContactReason: row.dnc_reason,
    doNotContactAt: row.dnc_at,
    notes: row.notes,
    customerSince: row.customer_since,
    purchaseDate: row.purchase_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
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
  };
}

/** Lower-cased name, company and email in one column, so a search is one LIKE on both dialects. */
function searchKey(contact: Pick<Contact, 'name' | 'company' | 'email'>): string {
  return [contact.name, contact.company ?? '', contact.email ?? ''].join(' ').toLowerCase();
}

export async function insertContact(db: Db, contact: Contact): Promise<void> {
  await db.insertInto('contacts').values(toRow(contact)).execute();
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
  relationship?: string | undefined;
  doNotContact?: boolean | undefined;
  ownerId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listContacts(db: Db, workspaceId: string, filter: ContactFilter): Promise<Page<Contact>> {
  let query = db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.q) {
    const needle = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(name_search like ${needle} escape '\\' or phone like ${needle} escape '\\')`);
  }
  if (filter.relationship) query = query.where('relationship', '=', filter.relationship);
  if (filter.doNotContact !== undefined) query = query.where('do_not_contact', '=', bit(filter.doNotContact));
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  const after = decodeCursor(filter.cursor, 2);
  if (after) {
    const [name = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('name_search', '>', name), eb.and([eb('name_search', '=', name), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('name_search').orderBy('id').limit(filter.limit + 1).execute();
  const page = pageOf(rows, filter.limit, (last) => [last.name_search, last.id]);
  return { items: page.items.map(toContact), nextCursor: page.nextCursor };
}

export async function deleteContact(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
