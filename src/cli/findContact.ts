import { AppError } from '../core/errors.js';
import type { Contact } from '../core/types.js';
import { getContact, listContacts } from '../services/contacts.js';
import type { Actor, ServiceDeps } from '../services/deps.js';

/** A contact by id, email or a name fragment that matches exactly one. */
export async function findContact(deps: ServiceDeps, actor: Actor, reference: string): Promise<Contact> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(reference)) return getContact(deps, actor, reference);
  const page = await listContacts(deps, actor, { q: reference, limit: 6 });
  const exact = page.items.filter((c) => c.email === reference.toLowerCase() || c.name.toLowerCase() === reference.toLowerCase());
  const matches = exact.length ? exact : page.items;
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw AppError.invalid('contact', `no contact matches "${reference}"`);
  throw AppError.invalid('contact', `"${reference}" matches several contacts (${matches.slice(0, 5).map((c) => c.name).join(', ')}); use the id or email`);
}
