/** The contacts an import batch reads (its rows' duplicates) and writes (its new contacts). */
import type { Contact } from '../core/types.js';
import { toContact, toRow } from './contacts.js';
import type { Db } from './db.js';

/**
 * Contacts of the workspace with one of these e-mails or phone keys, the oldest first: the one a
 * duplicate is matched to.
 */
export async function contactsMatching(db: Db, workspaceId: string, emails: string[], phoneKeys: string[]): Promise<Contact[]> {
  const found = new Map<string, Contact>();
  const lookups: Array<['email' | 'phone_key', string[]]> = [['email', emails], ['phone_key', phoneKeys]];
  for (const [column, values] of lookups) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId)
        .where(column, 'in', values.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.id, toContact(row));
    }
  }
  return [...found.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** New contacts, a few hundred a statement. */
export async function insertContacts(db: Db, contacts: Contact[]): Promise<void> {
  for (let i = 0; i < contacts.length; i += 400) await db.insertInto('contacts').values(contacts.slice(i, i + 400).map(toRow)).execute();
}
