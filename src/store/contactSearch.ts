import { PostgresAdapter, sql } from 'kysely';
import { ftsExpression, tsQueryExpression, type SearchQuery } from '../core/search.js';
import type { Db } from './db.js';
import type { FilteredContacts } from './contacts.js';

/**
 * Search results come in tiers, best first: a match in the name or company, then a match anywhere
 * else (email, phone, notes, agendas). Within a tier the newest contact comes first. Both orders are
 * read straight off the indexes, so a word half the contacts hold costs what a rare one does; ranking
 * every hit by bm25 / ts_rank cost 40–80 ms (SQLite) and ~1 s (PostgreSQL) for a word in 20,000 of
 * 100,000 contacts.
 */
export const SEARCH_TIERS = [1, 2] as const;
export type SearchTier = (typeof SEARCH_TIERS)[number];

/**
 * PostgreSQL's GIN index gives a word's matches in no order, so ordering them newest first reads every
 * match: 50–200 ms for a word in 20,000 of 100,000 contacts, most of it building the index's bitmap.
 * So the newest PROBE_DOCUMENTS documents are read first: a word that common fills a page within a
 * few hundred (~1.5 ms). A word too rare to fill one there costs ~6 ms more, then is read the GIN way,
 * cheap for so few matches.
 */
const PROBE_DOCUMENTS = 1_000;

/** One page of a tier's hits, as contact ids in the tier's order. */
export async function tierHitIds(db: Db, workspaceId: string, contacts: FilteredContacts, search: SearchQuery, tier: SearchTier, page: { limit: number; offset: number }): Promise<string[]> {
  const ids = (rows: { hit_id: string }[]) => rows.map((row) => row.hit_id);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const expression = ftsExpression(search);
    const inHead = `{name company} : (${expression})`;
    return ids(await contacts.innerJoin('contact_search_docs as d', 'd.contact_id', 'c.id')
      .innerJoin('contact_search', 'contact_search.rowid', 'd.id')
      .where(sql<boolean>`contact_search MATCH ${tier === 1 ? inHead : `(${expression}) NOT (${inHead})`}`)
      .select('c.id as hit_id')
      .orderBy('contact_search.rowid', 'desc').limit(page.limit).offset(page.offset).execute());
  }
  const query = sql`to_tsquery('simple', contact_search_fold(${tsQueryExpression(search)}))`;
  const matches = (d: string) => {
    const inHead = sql<boolean>`${sql.ref(`${d}.head`)} @@ ${query}`;
    return tier === 1 ? inHead : sql<boolean>`${sql.ref(`${d}.document`)} @@ ${query} and not (${inHead})`;
  };
  const docs = db.selectFrom('contact_search_docs as d');
  // A page reaching past the newest documents cannot be filled there: it goes straight to the index.
  if (page.offset + page.limit <= PROBE_DOCUMENTS) {
    const newest = docs.where('d.workspace_id', '=', workspaceId).select(['d.contact_id', sql`d.head`.as('head'), sql`d.document`.as('document')])
      .orderBy('d.contact_id', 'desc').limit(PROBE_DOCUMENTS);
    const found = await contacts.innerJoin(newest.as('n'), 'n.contact_id', 'c.id').where(matches('n'))
      .select('c.id as hit_id').orderBy('n.contact_id', 'desc').limit(page.limit).offset(page.offset).execute();
    // A full page among the newest documents is exact: every match left out is older than its last.
    if (found.length === page.limit) return ids(found);
  }
  // Matched on the GIN index first (OFFSET 0 keeps the planner from folding it into the ordered
  // scan): it cannot estimate a prefix query, and walking the id index backwards to filter each
  // row read all 100,000 documents (~85 ms) whenever a tier had no hit. The workspace is left to the
  // join: named here, the planner ANDed the GIN bitmap with one of the workspace's 100,000 ids (~50 ms).
  const matched = docs.select('d.contact_id').where(matches('d')).offset(0);
  return ids(await contacts.innerJoin(matched.as('m'), 'm.contact_id', 'c.id')
    .select('c.id as hit_id')
    .orderBy('m.contact_id', 'desc').limit(page.limit).offset(page.offset).execute());
}

/**
 * Writes the search documents of these contacts as they read now (a new contact's, or one whose
 * agendas changed), from the one definition `contact_search_source` (migration 032).
 */
export async function writeSearchDocuments(db: Db, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await db.insertInto('contact_search_docs')
    .columns(['contact_id', 'workspace_id', 'name', 'company', 'email', 'phone', 'notes', 'agendas'])
    .expression(db.selectFrom('contact_search_source')
      .select(['contact_id', 'workspace_id', 'name', 'company', 'email', 'phone', 'notes', 'agendas'])
      .where('contact_id', 'in', contactIds)
      // SQLite ranks a tier by the index's row order: new documents take rows in id order, so that
      // "newest first" is the contact id's order there as on PostgreSQL, whatever order a batch names them in.
      .orderBy('contact_id'))
    .onConflict((oc) => oc.column('contact_id').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'),
      company: eb.ref('excluded.company'),
      email: eb.ref('excluded.email'),
      phone: eb.ref('excluded.phone'),
      notes: eb.ref('excluded.notes'),
      agendas: eb.ref('excluded.agendas'),
    })))
    .execute();
}

/** A new contact's document, written in its own transaction so that it is found at once. */
export async function writeNewContactSearchDocument(db: Db, contactId: string): Promise<void> {
  await writeSearchDocuments(db, [contactId]);
  await db.deleteFrom('contact_search_stale').where('contact_id', '=', contactId).execute();
}

/**
 * Writes the documents of up to `batch` contacts marked stale (a new contact from an import or a bulk
 * load, or a follow-up or touch; migrations 028 and 032), in one transaction, and says how many marks
 * it took. The worker calls it every few seconds; a bulk load calls it until it returns 0.
 */
export async function refreshStaleSearchDocuments(db: Db, batch = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      // SKIP LOCKED leaves a mark a writer still holds (its transaction may add a touch this
      // refresh cannot see); the writer's mark stays for the next round.
      const picked = await trx.deleteFrom('contact_search_stale')
        .where('contact_id', 'in', (eb) => eb.selectFrom('contact_search_stale').select('contact_id').limit(batch).forUpdate().skipLocked())
        .returning('contact_id').execute();
      const ids = picked.map((p) => p.contact_id);
      await writeSearchDocuments(trx, ids);
      return ids.length;
    }
    const ids = (await trx.selectFrom('contact_search_stale').select('contact_id').limit(batch).execute()).map((p) => p.contact_id);
    if (ids.length === 0) return 0;
    await writeSearchDocuments(trx, ids);
    await trx.deleteFrom('contact_search_stale').where('contact_id', 'in', ids).execute();
    return ids.length;
  });
}

/** Refreshes every stale search document, batch by batch (a bulk load's last step). */
export async function refreshAllStaleSearchDocuments(db: Db, batch = 2000): Promise<number> {
  let total = 0;
  for (let taken = await refreshStaleSearchDocuments(db, batch); taken > 0; taken = await refreshStaleSearchDocuments(db, batch)) total += taken;
  return total;
}
