import type { Selectable } from 'kysely';
import { DEFAULT_STAGES, type DealStage } from '../core/deals.js';
import type { DealStagesTable } from './dealTables.js';
import type { Db } from './db.js';
import { newId } from './ids.js';

const toStage = (row: Selectable<DealStagesTable>): DealStage => ({
  id: row.id, name: row.name, position: Number(row.position), probability: Number(row.probability), kind: row.kind,
});

export async function listStages(db: Db, workspaceId: string): Promise<DealStage[]> {
  const rows = await db.selectFrom('deal_stages').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').execute();
  return rows.map(toStage);
}

/** A new workspace's stages (an existing one got them from migration 026). */
export async function insertDefaultStages(db: Db, workspaceId: string, nowIso: string): Promise<void> {
  await db.insertInto('deal_stages')
    .values(DEFAULT_STAGES.map((s, position) => ({ id: newId(), workspace_id: workspaceId, ...s, position, created_at: nowIso })))
    .execute();
}

export async function insertStage(db: Db, workspaceId: string, stage: DealStage, nowIso: string): Promise<void> {
  await db.insertInto('deal_stages').values({
    id: stage.id, workspace_id: workspaceId, name: stage.name, position: stage.position, probability: stage.probability, kind: stage.kind, created_at: nowIso,
  }).execute();
}

export async function updateStage(db: Db, workspaceId: string, stage: DealStage): Promise<void> {
  await db.updateTable('deal_stages').set({ name: stage.name, position: stage.position, probability: stage.probability, kind: stage.kind })
    .where('workspace_id', '=', workspaceId).where('id', '=', stage.id).execute();
}

export async function deleteStage(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('deal_stages').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Deals per stage id. */
export async function dealCounts(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('opportunities').select((eb) => ['stage_id', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).where('stage_id', 'is not', null).groupBy('stage_id').execute();
  return new Map(rows.map((r) => [r.stage_id ?? '', Number(r.n)]));
}

/** Moves every deal of one stage to another (a removed stage's deals). */
export async function moveDeals(db: Db, workspaceId: string, fromStageId: string, toStageId: string): Promise<void> {
  await db.updateTable('opportunities').set({ stage_id: toStageId }).where('workspace_id', '=', workspaceId).where('stage_id', '=', fromStageId).execute();
}
