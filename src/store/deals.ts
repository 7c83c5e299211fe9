import type { OpportunityStatus } from '../core/types.js';
import type { Db } from './db.js';

/** A deal's value and stage, as stored. */
export interface DealValue {
  stageId: string | null;
  amount: number | null;
  currency: string;
  expectedCloseDate: string | null;
}

const amountOf = (value: number | string | null): number | null => (value === null ? null : Number(value));

export async function dealValuesOf(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, DealValue>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('opportunities').select(['id', 'stage_id', 'amount', 'currency', 'expected_close_date'])
    .where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { stageId: r.stage_id, amount: amountOf(r.amount), currency: r.currency, expectedCloseDate: r.expected_close_date }]));
}

export async function updateDealValue(db: Db, workspaceId: string, id: string, value: DealValue): Promise<void> {
  await db.updateTable('opportunities')
    .set({ stage_id: value.stageId, amount: value.amount, currency: value.currency, expected_close_date: value.expectedCloseDate })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export interface BoardRow extends DealValue {
  id: string;
  title: string;
  status: OpportunityStatus;
  contactId: string;
  contactName: string;
  contactTimeZone: string;
  company: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** Open deals, and deals closed since `closedSince`, with their contact and owner. */
export async function boardRows(db: Db, workspaceId: string, closedSince: string): Promise<BoardRow[]> {
  const rows = await db.selectFrom('opportunities as o')
    .innerJoin('contacts as c', (j) => j.onRef('c.id', '=', 'o.contact_id').on('c.workspace_id', '=', workspaceId))
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .select(['o.id', 'o.title', 'o.status', 'o.contact_id', 'c.name as contact_name', 'c.time_zone as contact_time_zone', 'c.company', 'o.owner_id', 'u.name as owner_name',
      'o.stage_id', 'o.amount', 'o.currency', 'o.expected_close_date', 'o.created_at', 'o.closed_at'])
    .where('o.workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('o.status', '=', 'open'), eb('o.closed_at', '>=', closedSince)]))
    .orderBy('o.created_at', 'desc').orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, status: r.status, contactId: r.contact_id, contactName: r.contact_name, contactTimeZone: r.contact_time_zone, company: r.company,
    ownerId: r.owner_id, ownerName: r.owner_name, stageId: r.stage_id, amount: amountOf(r.amount), currency: r.currency,
    expectedCloseDate: r.expected_close_date, createdAt: r.created_at, closedAt: r.closed_at,
  }));
}

/** Open deals' values, for the forecast. */
export async function openDealValues(db: Db, workspaceId: string): Promise<DealValue[]> {
  const rows = await db.selectFrom('opportunities').select(['stage_id', 'amount', 'currency', 'expected_close_date'])
    .where('workspace_id', '=', workspaceId).where('status', '=', 'open').execute();
  return rows.map((r) => ({ stageId: r.stage_id, amount: amountOf(r.amount), currency: r.currency, expectedCloseDate: r.expected_close_date }));
}

/** Whether the contact has an open follow-up: an agreed next step. */
export async function hasOpenFollowUp(db: Db, workspaceId: string, contactId: string): Promise<boolean> {
  const row = await db.selectFrom('follow_ups').select('id')
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open').limit(1).executeTakeFirst();
  return row !== undefined;
}
