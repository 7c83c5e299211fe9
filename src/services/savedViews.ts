import { AppError } from '../core/errors.js';
import { maySeeView, mayEditView } from '../core/savedViews.js';
import { formatInstant } from '../core/time.js';
import type { SavedView, SavedViewInput, SavedViewPatch } from '../shared/savedViews.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as store from '../store/savedViews.js';
import type { Actor, ServiceDeps } from './deps.js';

function present(view: store.SavedViewRecord, actor: Actor): SavedView {
  return {
    id: view.id, name: view.name, shared: view.shared, ownerId: view.userId, mine: view.userId === actor.user.id,
    editable: mayEditView(view, actor.user.id, actor.role), definition: view.definition, createdAt: view.createdAt, updatedAt: view.updatedAt,
  };
}

/** A view the actor may see: another's private view is as absent as a missing one (404). */
export async function requireView(db: Db, actor: Actor, id: string): Promise<store.SavedViewRecord> {
  const view = await store.findView(db, actor.workspace.id, id);
  if (!view || !maySeeView(view, actor.user.id)) throw AppError.notFound('saved view');
  return view;
}

async function requireEditable(db: Db, actor: Actor, id: string): Promise<store.SavedViewRecord> {
  const view = await requireView(db, actor, id);
  if (!mayEditView(view, actor.user.id, actor.role)) {
    throw new AppError('forbidden', 'only the person who saved this view, an admin or an owner can change it; save a copy of your own instead');
  }
  return view;
}

export async function listViews(deps: ServiceDeps, actor: Actor): Promise<SavedView[]> {
  return (await store.visibleViews(deps.store.db, actor.workspace.id, actor.user.id)).map((v) => present(v, actor));
}

export async function getView(deps: ServiceDeps, actor: Actor, id: string): Promise<SavedView> {
  return present(await requireView(deps.store.db, actor, id), actor);
}

export async function createView(deps: ServiceDeps, actor: Actor, input: SavedViewInput): Promise<SavedView> {
  const nowIso = formatInstant(deps.clock());
  const view: store.SavedViewRecord = {
    id: newId(), workspaceId: actor.workspace.id, userId: actor.user.id, shared: input.shared, name: input.name,
    definition: input.definition, createdAt: nowIso, updatedAt: nowIso,
  };
  await store.insertView(deps.store.db, view);
  return present(view, actor);
}

export async function updateView(deps: ServiceDeps, actor: Actor, id: string, patch: SavedViewPatch): Promise<SavedView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const before = await requireEditable(trx, actor, id);
    const after: store.SavedViewRecord = {
      ...before, name: patch.name ?? before.name, shared: patch.shared ?? before.shared,
      definition: patch.definition ?? before.definition, updatedAt: formatInstant(deps.clock()),
    };
    await store.updateView(trx, after);
    return present(after, actor);
  });
}

export async function deleteView(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    await requireEditable(trx, actor, id);
    await store.deleteView(trx, actor.workspace.id, id);
  });
}
