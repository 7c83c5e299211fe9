import { recentOutbox, type OutboxStatus } from '../store/outbox.js';
import type { Actor, ServiceDeps } from './deps.js';

/** The states an outbox row can be in, for the routes' schemas (they reach the store through this service). */
export { outboxStatuses } from '../store/outbox.js';

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
  /** Why a queued email is held until a person fills a field, and how ("Not sent: your phone number is empty — …"). */
  heldReason: string | null;
}

/** Sends a person has to look at: they may or may not have gone out, or never will (and queued ones held for a field). */
export const needsAttention: readonly OutboxStatus[] = ['unknown', 'failed', 'bounced', 'skipped-late'];

export interface OutboxFilter {
  status?: OutboxStatus | undefined;
  attention?: boolean | undefined;
  followUpId?: string | undefined;
  limit?: number | undefined;
}

/** The workspace's outbound mail and what became of it, newest first; `unknown` and `skipped-late` rows wait here for a human. */
export async function listOutboxItems(deps: ServiceDeps, actor: Actor, filter: OutboxFilter): Promise<OutboxItemView[]> {
  const statuses = filter.status ? [filter.status] : filter.attention ? needsAttention : undefined;
  const rows = await recentOutbox(deps.store.db, actor.workspace.id, {
    viewerId: actor.user.id, limit: filter.limit ?? 200,
    ...(statuses ? { statuses } : {}), ...(filter.followUpId ? { followUpId: filter.followUpId } : {}),
    orHeld: !filter.status && filter.attention === true,
  });
  return rows.map((r) => ({
    id: r.id, kind: r.kind, contactId: r.contactId, followUpId: r.followUpId, to: r.to, subject: r.subject, status: r.status,
    attempt: r.attempt, dueAt: r.dueAt, sentAt: r.sentAt, lastError: r.lastError, messageId: r.messageId,
    heldReason: r.status === 'queued' ? r.heldReason ?? null : null,
  }));
}
