import { PostgresAdapter, sql, type AliasedSelectQueryBuilder } from 'kysely';
import { ftsExpression, tsQueryExpression, type SearchQuery } from '../core/search.js';
import type { Db } from './db.js';

export interface SearchHit {
  contact_id: string;
  agendas: string | null;
  score: number;
}

/** bm25 weights, in the FTS5 columns' order: name, company, email, phone, notes, agendas. */
const BM25_WEIGHTS = [10, 8, 4, 4, 2, 1] as const;

/**
 * The workspace's contacts matching a search, each with its score (higher is better) and its agendas
 * text (to say where it matched). SQLite ranks by bm25 over the FTS5 index, PostgreSQL by ts_rank over
 * the GIN-indexed document (migration 028); both are scoped to the workspace.
 */
export function searchHits(db: Db, workspaceId: string, search: SearchQuery): AliasedSelectQueryBuilder<SearchHit, 'h'> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const query = sql`to_tsquery('simple', contact_search_fold(${tsQueryExpression(search)}))`;
    return db.selectFrom('contact_search_docs as d')
      .select(['d.contact_id', 'd.agendas', sql<number>`ts_rank(d.document, ${query})`.as('score')])
      .where('d.workspace_id', '=', workspaceId)
      .where(sql<boolean>`d.document @@ ${query}`)
      .as('h');
  }
  return db.selectFrom('contact_search')
    .innerJoin('contact_search_docs as d', 'd.id', 'contact_search.rowid')
    .select(['d.contact_id', 'd.agendas', sql<number>`-bm25(contact_search, ${sql.raw(BM25_WEIGHTS.join(', '))})`.as('score')])
    .where(sql<boolean>`contact_search MATCH ${ftsExpression(search)}`)
    .where('d.workspace_id', '=', workspaceId)
    .as('h');
}

/**
 * Rewrites the agendas of up to `batch` contacts marked stale by a follow-up or touch (migration 028),
 * in one transaction, and says how many marks it took. The worker calls it every few seconds; a bulk
 * load calls it until it returns 0.
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
      if (ids.length > 0) {
        await trx.updateTable('contact_search_docs')
          .set({ agendas: sql<string>`contact_search_agendas(contact_search_docs.workspace_id, contact_search_docs.contact_id)` })
          .where('contact_id', 'in', ids).execute();
      }
      return ids.length;
    }
    const ids = (await trx.selectFrom('contact_search_stale').select('contact_id').limit(batch).execute()).map((p) => p.contact_id);
    if (ids.length === 0) return 0;
    await trx.updateTable('contact_search_docs')
      .set((eb) => ({ agendas: eb.selectFrom('contact_search_agendas as v').select('v.agendas').whereRef('v.contact_id', '=', 'contact_search_docs.contact_id') }))
      .where('contact_id', 'in', ids).execute();
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
