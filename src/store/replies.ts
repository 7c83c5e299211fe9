import { sql } from 'kysely';
import type { Db } from './db.js';
import { toOutboxMessage, type OutboxMessage } from './outbox.js';

export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

export const replyOutcomes = ['reply', 'auto-reply', 'bounce', 'unmatched', 'own', 'refused'] as const;
export type ReplyOutcome = (typeof replyOutcomes)[number];

export async function findCursor(db: Db, workspaceId: string, mailboxKey: string): Promise<MailboxCursor | null> {
  const row = await db.selectFrom('reply_mailboxes').select(['uid_validity', 'last_uid'])
    .where('workspace_id', '=', workspaceId).where('mailbox_key', '=', mailboxKey).executeTakeFirst();
  return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : null;
}

/** A mailbox seen for the first time, or under a new UIDVALIDITY: read again from the start. */
export async function resetCursor(db: Db, workspaceId: string, mailboxKey: string, uidValidity: string, nowIso: string): Promise<void> {
  await db.insertInto('reply_mailboxes')
    .values({ workspace_id: workspaceId, mailbox_key: mailboxKey, uid_validity: uidValidity, last_uid: 0, updated_at: nowIso })
    .onConflict((oc) => oc.columns(['workspace_id', 'mailbox_key']).doUpdateSet({ uid_validity: uidValidity, last_uid: 0, updated_at: nowIso }))
    .execute();
}

/** Moves the cursor forward only, and only while the UIDVALIDITY it was read under still holds. */
export async function advanceCursor(db: Db, workspaceId: string, mailboxKey: string, uidValidity: string, uid: number, nowIso: string): Promise<void> {
  await db.updateTable('reply_mailboxes').set({ last_uid: uid, updated_at: nowIso })
    .where('workspace_id', '=', workspaceId).where('mailbox_key', '=', mailboxKey)
    .where('uid_validity', '=', uidValidity).where('last_uid', '<', uid)
    .execute();
}

export interface HandledMessage {
  workspaceId: string;
  mailboxKey: string;
  messageKey: string;
  uid: number;
  outcome: ReplyOutcome;
  contactId: string | null;
  interactionId: string | null;
  createdAt: string;
}

/**
 * Claims a message for handling; false when it was handled before. On PostgreSQL a second
 * transaction claiming the same key waits for the first and then sees its row, so of two
 * watchers reading one mailbox exactly one handles each message.
 */
export async function claimMessage(db: Db, m: HandledMessage): Promise<boolean> {
  const inserted = await db.insertInto('reply_messages').values({
    workspace_id: m.workspaceId, mailbox_key: m.mailboxKey, message_key: m.messageKey, uid: m.uid, outcome: m.outcome,
    contact_id: m.contactId, interaction_id: m.interactionId, created_at: m.createdAt,
  }).onConflict((oc) => oc.columns(['workspace_id', 'mailbox_key', 'message_key']).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** What handling the claimed message turned out to mean. */
export async function settleMessage(db: Db, m: Pick<HandledMessage, 'workspaceId' | 'mailboxKey' | 'messageKey' | 'outcome' | 'contactId' | 'interactionId'>): Promise<void> {
  await db.updateTable('reply_messages').set({ outcome: m.outcome, contact_id: m.contactId, interaction_id: m.interactionId })
    .where('workspace_id', '=', m.workspaceId).where('mailbox_key', '=', m.mailboxKey).where('message_key', '=', m.messageKey)
    .execute();
}

/** Whether we sent this message ourselves (a copy of our own mail in the inbox is no reply). */
export async function isOwnMessage(db: Db, workspaceId: string, messageId: string): Promise<boolean> {
  const row = await db.selectFrom('outbox').select('id').where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).executeTakeFirst();
  return row !== undefined;
}

/** The contact of the first of `threadIds` (in order) that is mail we sent them. */
export async function contactOfThread(db: Db, workspaceId: string, threadIds: readonly string[]): Promise<string | null> {
  if (threadIds.length === 0) return null;
  const rows = await db.selectFrom('outbox').select(['message_id', 'contact_id'])
    .where('workspace_id', '=', workspaceId).where('message_id', 'in', [...threadIds]).where('contact_id', 'is not', null)
    .execute();
  const byId = new Map(rows.map((r) => [r.message_id, r.contact_id]));
  for (const id of threadIds) {
    const contactId = byId.get(id);
    if (contactId) return contactId;
  }
  return null;
}

/** The workspace's contact with this address (the oldest, if several share it). */
export async function contactByEmail(db: Db, workspaceId: string, address: string): Promise<string | null> {
  const lower = address.toLowerCase();
  const exact = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('email', '=', lower)
    .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  if (exact) return exact.id;
  // Addresses written before they were lower-cased on the way in.
  const folded = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where(sql<string>`lower(email)`, '=', lower)
    .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return folded?.id ?? null;
}

/** The first of `messageIds` that is one of this workspace's outbound mails. */
export async function outboxMessageAmong(db: Db, workspaceId: string, messageIds: readonly string[]): Promise<OutboxMessage | null> {
  if (messageIds.length === 0) return null;
  const rows = await db.selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId).where('message_id', 'in', [...messageIds.slice(0, 50)]).execute();
  const byId = new Map(rows.map((r) => [r.message_id, r]));
  const found = messageIds.map((id) => byId.get(id)).find((r) => r !== undefined);
  return found ? toOutboxMessage(found) : null;
}
