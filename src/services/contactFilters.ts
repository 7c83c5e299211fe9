import { customFieldFiltersOf } from '../shared/customFields.js';
import type { ContactFilters } from '../shared/savedViews.js';
import type { ContactListFilter } from './contacts.js';
import type { Actor } from './deps.js';

/**
 * A saved view's (or a bulk selection's) filters as the contacts list's own filter, so a view shows,
 * and a bulk action acts on, exactly what GET /contacts would list with the same query.
 */
export function listFilterOf(actor: Actor, filters: ContactFilters): Omit<ContactListFilter, 'limit'> {
  const ownerId = filters.owner === 'me' ? actor.user.id : filters.owner === 'none' ? undefined : filters.owner;
  return {
    q: filters.q, relationship: filters.relationship, nextStep: filters.nextStep, doNotContact: filters.doNotContact, ownerId,
    tags: filters.tag, noOwner: filters.owner === 'none',
    // Custom-field filters are kept as the list's query parameters (field.<key>[.from|.to|.has]) and read the same way.
    customFields: customFieldFiltersOf(new URLSearchParams(filters.customFields ?? {})),
  };
}
