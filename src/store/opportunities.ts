import { sql, type Selectable } from 'kysely';
import type { Opportunity, OpportunityStatus } from '../core/types.js';
import { camelRow } from './camelRow.js';
import type { OpportunitiesTable } from './schema.js';
import { decodeCursor, pageOf, type Db, type Page } from './db.js';

type Row = Selectable<OpportunitiesTable>;

export function toOpportunity(row: Row): Opportunity {
  return camelRow(row);
}

/** The workspace's first stage of the kind a status lives in: where a new or just-closed deal goes. */
const firstStageFor = (db: Db, workspaceId: string, status: OpportunityStatus) => db.selectFrom('deal_stages').select('id')
  .where('workspace_id', '=', workspaceId).where('kind', '=', status).orderBy('position').limit(1);

export async function insertOpportunity(db: Db, o: Opportunity): Promise<void> {
  await db.insertInto('opportunities').values({
    id: o.id, workspace_id: o.workspaceId, contact_id: o.contactId, owner_id: o.ownerId, title: o.title,
    status: o.status, touches: o.touches, closed_on_touch: o.closedOnTouch, created_at: o.createdAt, closed_at: o.closedAt,
    stage_id: firstStageFor(db, o.workspaceId, o.status),
  }).execute();
}

/** Saves the opportunity; one that is won or lost moves to the won or lost stage with it (deal stages, issue 16). */
export async function updateOpportunity(db: Db, o: Opportunity): Promise<void> {
  const closed = o.status === 'open' ? {} : { stage_id: firstStageFor(db, o.workspaceId, o.status) };
  await db.updateTable('opportunities')
    .set({ title: o.title, status: o.status, touches: o.touches, closed_on_touch: o.closedOnTouch, closed_at: o.closedAt, ...closed })
    .where('workspace_id', '=', o.workspaceId).where('id', '=', o.id).execute();
}

export async function findOpportunity(db: Db, workspaceId: string, id: string): Promise<Opportunity | null> {
  const row = await db.selectFrom('opportunities').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toOpportunity(row) : null;
}

export async function openOpportunityOf(db: Db, workspaceId: string, contactId: string): Promise<Opportunity | null> {
  const row = await db.selectFrom('opportunities').selectAll()
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open')
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row ? toOpportunity(row) : null;
}

export interface OpportunityFilter {
  status?: OpportunityStatus | undefined;
  contactId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The pipeline: stalled opportunities (see stalledOpportunityIds) first, across pages, then by id. */
export async function listOpportunities(db: Db, workspaceId: string, filter: OpportunityFilter): Promise<Page<Opportunity>> {
  const healthy = sql<number>`(case when o.status = 'open' and not exists (select 1 from follow_ups f where f.contact_id = o.contact_id and f.status = 'open') then 0 else 1 end)`;
  let query = db.selectFrom('opportunities as o').selectAll('o').select(healthy.as('healthy')).where('o.workspace_id', '=', workspaceId);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.contactId) query = query.where('o.contact_id', '=', filter.contactId);
  const after = decodeCursor(filter.cursor, 2);
  if (after) {
    const [rank, id = ''] = after;
    const healthyAfter = rank === '0' ? 0 : rank === '1' ? 1 : 2; // an unreadable cursor reads as the end
    query = query.where((eb) => eb.or([eb(healthy, '>', healthyAfter), eb.and([eb(healthy, '=', healthyAfter), eb('o.id', '>', id)])]));
  }
  const rows = await query.orderBy(healthy).orderBy('o.id').limit(filter.limit + 1).execute();
  const page = pageOf(rows, filter.limit, (last) => [String(last.healthy), last.id]);
  return { items: page.items.map(toOpportunity), nextCursor: page.nextCursor };
}

/** Open opportunities with no open follow-up: the stalled ones a manager must see. */
export async function stalledOpportunityIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('opportunities as o').select('o.id')
    .where('o.workspace_id', '=', workspaceId).where('o.id', 'in', ids).where('o.status', '=', 'open')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('follow_ups as f').select('f.id')
      .whereRef('f.contact_id', '=', 'o.contact_id').where('f.status', '=', 'open'))))
    .execute();
  return new Set(rows.map((r) => r.id));
}
