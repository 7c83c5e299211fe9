import { listOutbox, type OutboxStatus } from '../store/outbox.js';
import type { Actor, ServiceDeps } from './deps.js';

export interface OutboxItemView {
  id: string;
  kind: string;
  contactId: string | null;
  followUpId: string | null;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempt: number;
  dueAt: string;
  sentAt: string | null;
  lastError: string | null;
  messageId: string;
}

/** The workspace's outbound mail and what became of it; `unknown` and `skipped-late` rows wait here for a human. */
export async function listOutboxItems(deps: ServiceDeps, actor: Actor, filter: { status?: OutboxStatus | undefined; followUpId?: string | undefined }): Promise<OutboxItemView[]> {
  const rows = await listOutbox(deps.store.db, actor.workspace.id, {
    ...(filter.status ? { status: filter.status } : {}), ...(filter.followUpId ? { followUpId: filter.followUpId } : {}),
  });
  return rows.slice(-500).map((r) => ({
    id: r.id, kind: r.kind, contactId: r.contactId, followUpId: r.followUpId, to: r.to, subject: r.subject, status: r.status,
    attempt: r.attempt, dueAt: r.dueAt, sentAt: r.sentAt, lastError: r.lastError, messageId: r.messageId,
  }));
}
