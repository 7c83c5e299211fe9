import { assertValidStages, boardOrder, type DealStage } from '../core/deals.js';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import type { Stage, StagesInput } from '../shared/deals.js';
import * as stages from '../store/dealStages.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';

async function withCounts(db: Db, workspaceId: string, list: DealStage[]): Promise<Stage[]> {
  const counts = await stages.dealCounts(db, workspaceId);
  return boardOrder(list).map((s) => ({ ...s, deals: counts.get(s.id) ?? 0 }));
}

/** The workspace's stages: open ones in order, then won, then lost; everyone in the workspace reads them. */
export async function listStages(deps: ServiceDeps, actor: Actor): Promise<Stage[]> {
  return withCounts(deps.store.db, actor.workspace.id, await stages.listStages(deps.store.db, actor.workspace.id));
}

/**
 * Replaces the ordered list (owners and admins). A kept stage keeps its kind; a removed stage that
 * still holds deals names, in `moveDealsTo`, the kept stage of the same kind its deals go to.
 */
export async function replaceStages(deps: ServiceDeps, actor: Actor, input: StagesInput): Promise<Stage[]> {
  requirePermission(actor, 'manageWorkspace');
  const workspaceId = actor.workspace.id;
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const existing = await stages.listStages(trx, workspaceId);
    const byId = new Map(existing.map((s) => [s.id, s]));
    assertValidStages(input.stages, new Set(byId.keys()));
    input.stages.forEach((stage, i) => {
      const before = stage.id === undefined ? undefined : byId.get(stage.id);
      if (before && before.kind !== stage.kind) throw AppError.invalid(`stages.${i}.kind`, `"${before.name}" is ${before.kind} and stays so; add a new stage instead`);
    });
    const kept = new Map(input.stages.filter((s) => s.id !== undefined).map((s) => [s.id ?? '', s]));
    const counts = await stages.dealCounts(trx, workspaceId);
    for (const removed of existing.filter((s) => !kept.has(s.id))) {
      const held = counts.get(removed.id) ?? 0;
      if (removed.kind !== 'open') throw AppError.invalid('stages', `keep the ${removed.kind} stage "${removed.name}" (you can rename it)`);
      if (held === 0) continue;
      const target = input.moveDealsTo?.[removed.id];
      const to = target === undefined ? undefined : kept.get(target);
      if (!to || to.kind !== removed.kind) {
        throw AppError.invalid('moveDealsTo', `"${removed.name}" still holds ${held} deal${held === 1 ? '' : 's'}: choose the open stage they move to`);
      }
      await stages.moveDeals(trx, workspaceId, removed.id, target ?? '');
    }
    for (const removed of existing.filter((s) => !kept.has(s.id))) await stages.deleteStage(trx, workspaceId, removed.id);
    for (const [position, stage] of input.stages.entries()) {
      const next: DealStage = { id: stage.id ?? newId(), name: stage.name, position, probability: stage.probability, kind: stage.kind };
      if (stage.id === undefined) await stages.insertStage(trx, workspaceId, next, nowIso);
      else await stages.updateStage(trx, workspaceId, next);
    }
    return withCounts(trx, workspaceId, await stages.listStages(trx, workspaceId));
  });
}
