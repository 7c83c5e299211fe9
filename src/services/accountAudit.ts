import type { AccountAuditAction, AuditEntryView } from '../shared/accountAdmin.js';
import type { User } from '../store/accounts.js';
import { audit, listAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';

/** Account events share the audit log with record history, filed under this entity with the target user's id. */
const ENTITY = 'user';
const MAX_ENTRIES = 500;

type Person = Pick<User, 'id' | 'email' | 'name'>;

/**
 * Writes who did what to whose account. Names and addresses are copied in, so the entry still reads
 * right after a rename or deactivation. `actor` null: the server's command line.
 */
export async function recordAccountEvent(db: Db, entry: {
  workspaceId: string; actor: Person | null; target: Person; action: AccountAuditAction; at: string; detail?: Record<string, unknown>;
}): Promise<void> {
  await audit(db, {
    workspaceId: entry.workspaceId, userId: entry.actor?.id ?? null, entity: ENTITY, entityId: entry.target.id, action: entry.action, at: entry.at,
    detail: {
      ...entry.detail,
      targetEmail: entry.target.email, targetName: entry.target.name,
      ...(entry.actor ? { actorEmail: entry.actor.email, actorName: entry.actor.name } : { actorEmail: null, actorName: null }),
    },
  });
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The workspace's account events, newest first: owners only, since they show who manages whose access. */
export async function accountAudit(deps: ServiceDeps, actor: Actor): Promise<AuditEntryView[]> {
  requirePermission(actor, 'readAuditLog');
  const entries = await listAudit(deps.store.db, actor.workspace.id, ENTITY, MAX_ENTRIES);
  return entries.map((e) => {
    const { targetEmail, targetName, actorEmail, actorName, ...detail } = (e.detail ?? {}) as Record<string, unknown>;
    return {
      id: e.id, at: e.at, action: e.action,
      actor: e.userId ? { id: e.userId, email: text(actorEmail), name: text(actorName) } : null,
      target: { id: e.entityId, email: text(targetEmail), name: text(targetName) },
      detail,
    };
  });
}
