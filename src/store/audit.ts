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

/**
 * Erasure: the audit entries about a contact, its follow-ups and its opportunities go with it, since
 * they hold the same details (agendas, notes). Run before the contact is deleted.
 */
export async function deleteAuditAboutContact(db: Db, workspaceId: string, contactId: string): Promise<void> {
  const about = (table: 'follow_ups' | 'opportunities') =>
    db.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  await db.deleteFrom('audit_log').where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('entity_id', '=', contactId), eb('entity_id', 'in', about('follow_ups')), eb('entity_id', 'in', about('opportunities'))]))
    .execute();
}
