import { sql } from 'kysely';
import { newsletterKinds, type NewsletterKind } from '../core/newsletter.js';
import type { Db } from './db.js';

export interface ConsentRecord {
  id: string;
  workspaceId: string;
  contactId: string;
  userId: string | null;
  /** `booking`: the client chose a time through their link; `preferences`: they set their channel or hours there. */
  kind: 'opt-out' | 'opt-in' | 'said-no' | 'booking' | 'preferences' | NewsletterKind;
  detail: string;
  createdAt: string;
}

export async function insertConsentRecord(db: Db, r: ConsentRecord): Promise<void> {
  await db.insertInto('consent_records').values({
    id: r.id, workspace_id: r.workspaceId, contact_id: r.contactId, user_id: r.userId, kind: r.kind, detail: r.detail, created_at: r.createdAt,
  }).execute();
}

export async function consentRecordsOf(db: Db, workspaceId: string, contactId: string): Promise<ConsentRecord[]> {
  const rows = await db.selectFrom('consent_records').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, contactId: r.contact_id, userId: r.user_id, kind: r.kind, detail: r.detail, createdAt: r.created_at }));
}

export interface NewsletterRow {
  contactId: string;
  name: string;
  email: string | null;
  doNotContact: boolean;
  kind: string;
  detail: string;
  createdAt: string;
  /** Keyset cursor: the contacts list's order. */
  nameSearch: string;
}

/**
 * Contacts whose latest newsletter answer is yes, in name order, a page at a time after (name, id):
 * one correlated look-up of the latest answer per contact.
 */
export async function newsletterYesPage(db: Db, workspaceId: string, after: [string, string] | null, limit: number): Promise<NewsletterRow[]> {
  let query = db.selectFrom('contacts as c')
    .innerJoin('consent_records as r', 'r.contact_id', 'c.id')
    .select(['c.id as contactId', 'c.name', 'c.email', 'c.do_not_contact', 'c.name_search', 'r.kind', 'r.detail', 'r.created_at'])
    .where('c.workspace_id', '=', workspaceId)
    .where('r.workspace_id', '=', workspaceId)
    .where('r.kind', '=', 'newsletter-yes')
    .where('r.id', '=', (eb) => eb.selectFrom('consent_records as l').select('l.id')
      .whereRef('l.contact_id', '=', 'c.id').where('l.kind', 'in', [...newsletterKinds])
      .orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(1));
  if (after) {
    const [name, id] = after;
    query = query.where(sql<boolean>`(c.name_search > ${name} or (c.name_search = ${name} and c.id > ${id}))`);
  }
  const rows = await query.orderBy('c.name_search').orderBy('c.id').limit(limit).execute();
  return rows.map((r) => ({
    contactId: r.contactId, name: r.name, email: r.email, doNotContact: Number(r.do_not_contact) === 1,
    kind: r.kind, detail: r.detail, createdAt: r.created_at, nameSearch: r.name_search,
  }));
}
