import type { Db } from './db.js';
import { newId } from './ids.js';

/** History is append-only: every edit of a record leaves its before and after here. */
export async function audit(db: Db, entry: {
  workspaceId: string; userId: string | null; entity: string; entityId: string; action: string; detail: unknown; at: string;
}): Promise<void> {
  await db.insertInto('audit_log').values({
    id: newId(), workspace_id: entry.workspaceId, user_id: entry.userId, entity: entry.entity, entity_id: entry.entityId,
    action: entry.action, detail: JSON.stringify(entry.detail), created_at: entry.at,
  }).execute();
}
