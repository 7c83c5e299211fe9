import { parseJson, type Db } from './db.js';
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

/** Many entries at once (a bulk action: one per contact), 500 rows a statement. */
export async function auditMany(db: Db, entries: readonly {
  workspaceId: string; userId: string | null; entity: string; entityId: string; action: string; detail: unknown; at: string;
}[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db.insertInto('audit_log').values(entries.slice(i, i + 500).map((entry) => ({
      id: newId(), workspace_id: entry.workspaceId, user_id: entry.userId, entity: entry.entity, entity_id: entry.entityId,
      action: entry.action, detail: JSON.stringify(entry.detail), created_at: entry.at,
    }))).execute();
  }
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

export interface AuditEntry {
  id: string;
  userId: string | null;
  entity: string;
  entityId: string;
  action: string;
  detail: unknown;
  at: string;
}

/** The workspace's entries about one kind of entity (e.g. `user`), newest first. */
export async function listAudit(db: Db, workspaceId: string, entity: string, limit: number): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId).where('entity', '=', entity)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, entity: r.entity, entityId: r.entity_id, action: r.action, detail: parseJson(r.detail, {}), at: r.created_at }));
}
