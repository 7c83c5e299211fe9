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
