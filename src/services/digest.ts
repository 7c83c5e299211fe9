import { digestDueDate, renderDigest, type DigestItem } from '../core/digest.js';
import { formatInstant } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import { workspacesOf, type User } from '../store/accounts.js';
import * as digests from '../store/digests.js';
import { newId } from '../store/ids.js';
import { insertOutboxMessage, type OutboxMessage } from '../store/outbox.js';
import { agendaFor } from './agenda.js';
import type { Actor, ServiceDeps } from './deps.js';
import { announceDigest } from './webhookPayloads.js';

/**
 * Queues the morning digest of every user whose working day has started and who has none yet for
 * that local date; returns how many were queued. Safe to run from several instances at once.
 *
 * One digest per user per day, covering every workspace they belong to (items labelled with their
 * workspace when there is more than one): the promise is one email at the start of the day, not one
 * per team. The rows are filed under the user's oldest workspace.
 */
export async function enqueueDueDigests(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  let queued = 0;
  const failures: unknown[] = [];
  for (const user of await digests.digestRecipients(deps.store.db)) {
    // One user's bad data or failed write must not cost everyone else their digest.
    try {
      const date = digestDueDate(now, user);
      if (!date || (await digests.hasDigest(deps.store.db, user.id, date))) continue;
      if (await enqueueDigest(deps, user, date, now)) queued += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} digest(s) could not be queued (${queued} were)`);
  return queued;
}

async function enqueueDigest(deps: ServiceDeps, user: User, date: string, now: number): Promise<boolean> {
  const workspaces = await workspacesOf(deps.store.db, user.id);
  const home = workspaces[0];
  if (!home) return false;
  const items: DigestItem[] = [];
  // Each workspace's webhooks hear of its own part of the day only.
  const parts: Array<{ workspaceId: string; items: DigestItem[] }> = [];
  for (const workspace of workspaces) {
    const actor: Actor = { user, workspace, role: workspace.role };
    const agenda = await agendaFor(deps, actor, date);
    const label = workspaces.length > 1 ? { workspaceName: workspace.name } : {};
    parts.push({ workspaceId: workspace.id, items: [...agenda.overdue, ...agenda.today] });
    items.push(...[...agenda.overdue, ...agenda.today].map((item) => ({ ...item, ...label })));
  }
  const { subject, text } = renderDigest(items, user, date, deps.baseUrl);
  const nowIso = formatInstant(now);
  const message: OutboxMessage = {
    id: newId(), workspaceId: home.id, contactId: null, userId: user.id, followUpId: null, enrollmentId: null, kind: 'digest',
    to: user.email, subject, text, headers: {}, calendar: null, messageId: newMessageId(), unsubscribeToken: null,
    status: 'queued', attempt: 0, leaseUntil: null, dueAt: nowIso, availableAt: nowIso, lastError: null, createdAt: nowIso, sentAt: null,
  };
  return deps.store.db.transaction().execute(async (trx) => {
    const first = await digests.insertDigest(trx, { userId: user.id, localDate: date, workspaceId: home.id, outboxId: message.id, createdAt: nowIso });
    if (first) await insertOutboxMessage(trx, message);
    for (const part of first ? parts : []) {
      await announceDigest(trx, part.workspaceId, user, date, renderDigest(part.items, user, date, deps.baseUrl).subject, part.items, now);
    }
    return first;
  });
}

export async function digestEnabled(deps: ServiceDeps, actor: Actor): Promise<boolean> {
  return digests.wantsDigest(deps.store.db, actor.user.id);
}

export async function setDigestEnabled(deps: ServiceDeps, actor: Actor, enabled: boolean): Promise<void> {
  await digests.setDigestOptOut(deps.store.db, actor.user.id, !enabled, formatInstant(deps.clock()));
}
