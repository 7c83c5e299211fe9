import type { Playbook } from '../core/playbooks/types.js';
import { parseJson, type Db } from './db.js';

export interface StoredPlaybook {
  id: string;
  workspaceId: string;
  playbook: Playbook;
  createdAt: string;
  updatedAt: string;
}

type Row = { id: string; workspace_id: string; definition: string; created_at: string; updated_at: string };

const toStored = (row: Row): StoredPlaybook => ({
  id: row.id, workspaceId: row.workspace_id, createdAt: row.created_at, updatedAt: row.updated_at,
  playbook: { ...parseJson<Playbook>(row.definition, {} as Playbook), id: row.id },
});

export async function insertPlaybook(db: Db, stored: StoredPlaybook): Promise<void> {
  await db.insertInto('playbooks').values({
    id: stored.id, workspace_id: stored.workspaceId, key: stored.playbook.key, name: stored.playbook.name,
    definition: JSON.stringify({ ...stored.playbook, id: undefined }), created_at: stored.createdAt, updated_at: stored.updatedAt,
  }).execute();
}

export async function updatePlaybook(db: Db, stored: StoredPlaybook): Promise<void> {
  await db.updateTable('playbooks').set({
    key: stored.playbook.key, name: stored.playbook.name, definition: JSON.stringify({ ...stored.playbook, id: undefined }), updated_at: stored.updatedAt,
  }).where('workspace_id', '=', stored.workspaceId).where('id', '=', stored.id).execute();
}

export async function deletePlaybook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('playbooks').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findPlaybookById(db: Db, workspaceId: string, id: string): Promise<StoredPlaybook | null> {
  const row = await db.selectFrom('playbooks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function findPlaybookByKey(db: Db, workspaceId: string, key: string): Promise<StoredPlaybook | null> {
  const row = await db.selectFrom('playbooks').selectAll().where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function listPlaybooks(db: Db, workspaceId: string): Promise<StoredPlaybook[]> {
  const rows = await db.selectFrom('playbooks').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
  return rows.map(toStored);
}
