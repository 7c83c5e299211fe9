import type { Selectable } from 'kysely';
import { viewDefinitionSchema, type ViewDefinition } from '../shared/savedViews.js';
import { bit, bool, parseJson, type Db } from './db.js';
import type { SavedViewsTable } from './tagViewTables.js';

export interface SavedViewRecord {
  id: string;
  workspaceId: string;
  userId: string;
  shared: boolean;
  name: string;
  definition: ViewDefinition;
  createdAt: string;
  updatedAt: string;
}

function toView(row: Selectable<SavedViewsTable>): SavedViewRecord {
  // A definition saved by an older version reads with today's defaults rather than failing.
  const parsed = viewDefinitionSchema.safeParse(parseJson<unknown>(row.definition, {}));
  return {
    id: row.id, workspaceId: row.workspace_id, userId: row.user_id, shared: bool(row.shared), name: row.name,
    definition: parsed.success ? parsed.data : viewDefinitionSchema.parse({}),
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** The user's own views and the workspace's shared ones, by name. */
export async function visibleViews(db: Db, workspaceId: string, userId: string): Promise<SavedViewRecord[]> {
  const rows = await db.selectFrom('saved_views').selectAll().where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('shared', '=', bit(true))]))
    .orderBy('name').orderBy('id').execute();
  return rows.map(toView);
}

export async function findView(db: Db, workspaceId: string, id: string): Promise<SavedViewRecord | null> {
  const row = await db.selectFrom('saved_views').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function insertView(db: Db, view: SavedViewRecord): Promise<void> {
  await db.insertInto('saved_views').values({
    id: view.id, workspace_id: view.workspaceId, user_id: view.userId, shared: bit(view.shared), name: view.name,
    definition: JSON.stringify(view.definition), created_at: view.createdAt, updated_at: view.updatedAt,
  }).execute();
}

export async function updateView(db: Db, view: SavedViewRecord): Promise<void> {
  await db.updateTable('saved_views').set({
    shared: bit(view.shared), name: view.name, definition: JSON.stringify(view.definition), updated_at: view.updatedAt,
  }).where('workspace_id', '=', view.workspaceId).where('id', '=', view.id).execute();
}

export async function deleteView(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('saved_views').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
