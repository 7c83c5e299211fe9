import { sql, type Selectable } from 'kysely';
import type { DialectName } from './connect.js';
import type { Db } from './db.js';
import { parseJson } from './db.js';
import { camelRow } from './camelRow.js';
import type { OutboxTable } from './schema.js';

/**
 * `direct`: an email a salesperson wrote to one contact on their page. `password-reset`: a reset link an admin issued.
 * `notice`: Followthrough telling a workspace's owners something needs them (a webhook disabled because it kept failing).
 */
export const outboxKinds = ['step', 'invitation', 'digest', 'test', 'direct', 'password-reset', 'notice', 'team-summary'] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/** Mail Followthrough writes to its own users, not to contacts: its sender, mailbox and caps differ. */
export const isSystemMail = (kind: OutboxKind): boolean => kind === 'digest' || kind === 'test' || kind === 'password-reset' || kind === 'notice' || kind === 'team-summary';
export const outboxStatuses = ['queued', 'sending', 'sent', 'unknown', 'failed', 'skipped-late', 'skipped', 'bounced'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
/** States no worker ever leaves: each row ends in exactly one of these. */
export const finalStatuses: readonly OutboxStatus[] = ['sent', 'unknown', 'failed', 'skipped-late', 'skipped', 'bounced'];

/**
 * A digest's body is a copy of that morning's agenda (contacts' names, phones, agendas), needed only
 * until it is sent: once a row is final it keeps no copy, so nothing of an erased contact lingers in it.
 */
/** A reset mail's body holds the one-time link: kept only until it is sent, and never listed. */
export const bodyOnceFinal = sql<string>`case when kind in ('digest', 'password-reset') then '' else text end`;

export interface OutboxMessage {
  id: string;
  workspaceId: string;
  contactId: string | null;
  userId: string | null;
  followUpId: string | null;
  enrollmentId: string | null;
  kind: OutboxKind;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** An iCalendar (invitations) sent as the text/calendar part. */
  calendar: string | null;
  messageId: string;
  unsubscribeToken: string | null;
  /** A booking link's token, put in place of the booking link marker when the mail is sent. */
  bookingToken?: string | null;
  status: OutboxStatus;
  attempt: number;
  leaseUntil: string | null;
  dueAt: string;
  availableAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The mailbox the latest claim went out through (see routeOf). */
  mailbox?: string | null;
  /** Why a queued email waits for a person to fill a field, in words (see hold). */
  heldReason?: string | null;
  /** An HTML alternative to `text` (the weekly team summary); unset or null: text only. */
  html?: string | null;
}

export function toOutboxMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    ...camelRow(row, ['claimed_at', 'html']),
    headers: parseJson<Record<string, string>>(row.headers, {}), attempt: Number(row.attempt), heldReason: row.held_reason ?? null,
    // Only the mail that has one carries it: every other message reads as it did before the column.
    ...(row.html ? { html: row.html } : {}),
  };
}

const toRow = (m: OutboxMessage) => ({
  id: m.id, workspace_id: m.workspaceId, contact_id: m.contactId, user_id: m.userId, follow_up_id: m.followUpId,
  enrollment_id: m.enrollmentId, kind: m.kind, to: m.to, subject: m.subject, text: m.text, headers: JSON.stringify(m.headers), calendar: m.calendar,
  message_id: m.messageId, unsubscribe_token: m.unsubscribeToken, booking_token: m.bookingToken ?? null, status: m.status, attempt: m.attempt, lease_until: m.leaseUntil,
  due_at: m.dueAt, available_at: m.availableAt, last_error: m.lastError, created_at: m.createdAt, sent_at: m.sentAt, html: m.html ?? null,
});

export async function insertOutboxMessage(db: Db, m: OutboxMessage): Promise<void> {
  await db.insertInto('outbox').values(toRow(m)).execute();
}

/**
 * False when a row with this id is already there (the same draft sent twice). ON CONFLICT rather than
 * a caught error, which on PostgreSQL would abort the surrounding transaction.
 */
export async function insertOutboxMessageOnce(db: Db, m: OutboxMessage): Promise<boolean> {
  const result = await db.insertInto('outbox').values(toRow(m))
    .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Rows ready to claim, locked for this transaction. PostgreSQL skips rows another worker holds;
 * SQLite needs nothing more, because the claiming transaction began with BEGIN IMMEDIATE and so
 * already holds the only write lock.
 */
export async function lockClaimable(db: Db, dialect: DialectName, nowIso: string, limit: number): Promise<OutboxMessage[]> {
  const query = db.selectFrom('outbox').selectAll().where('status', '=', 'queued').where('available_at', '<=', nowIso)
    .orderBy('available_at').orderBy('id').limit(limit);
  const rows = dialect === 'postgres' ? await query.forUpdate().skipLocked().execute() : await query.execute();
  return rows.map(toOutboxMessage);
}

/**
 * PostgreSQL: holds the rows a stop decision reads (contact, enrollment, follow-up) until the claim
 * commits, so an opt-out or reply either commits before the claim (and is seen) or waits for it.
 * SQLite's BEGIN IMMEDIATE already serialises every writer.
 */
export async function lockStopConditions(db: Db, dialect: DialectName, m: Pick<OutboxMessage, 'workspaceId' | 'contactId' | 'enrollmentId' | 'followUpId'>): Promise<void> {
  if (dialect !== 'postgres') return;
  if (m.contactId) await db.selectFrom('contacts').select('id').where('workspace_id', '=', m.workspaceId).where('id', '=', m.contactId).forShare().execute();
  if (m.enrollmentId) await db.selectFrom('enrollments').select('id').where('workspace_id', '=', m.workspaceId).where('id', '=', m.enrollmentId).forShare().execute();
  if (m.followUpId) await db.selectFrom('follow_ups').select('id').where('workspace_id', '=', m.workspaceId).where('id', '=', m.followUpId).forShare().execute();
}

/** queued → sending with the next attempt number and a lease, through `mailbox`; returns the attempt now in force. */
export async function markSending(db: Db, id: string, attempt: number, leaseUntil: string, mailbox: string, claimedAt: string): Promise<boolean> {
  const result = await db.updateTable('outbox').set({ status: 'sending', attempt, lease_until: leaseUntil, mailbox, claimed_at: claimedAt })
    .where('id', '=', id).where('status', '=', 'queued').where('attempt', '=', attempt - 1).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** States in which a claim went (or may have gone) to the SMTP server: these count against a mailbox's caps. */
const HANDED_TO_SMTP: readonly OutboxStatus[] = ['sending', 'sent', 'unknown', 'bounced'];

/** Sends through a mailbox since `sinceIso`: how many, and when the earliest of them was claimed. */
export async function mailboxSendsSince(db: Db, mailbox: string, sinceIso: string): Promise<{ count: number; earliest: string | null }> {
  const row = await db.selectFrom('outbox').select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.min('claimed_at').as('earliest')])
    .where('mailbox', '=', mailbox).where('claimed_at', '>', sinceIso).where('status', 'in', HANDED_TO_SMTP).executeTakeFirst();
  return { count: Number(row?.count ?? 0), earliest: row?.earliest ?? null };
}

/** A queued row that must not go out (stopped, too late, superseded): it ends here, with why. */
export async function settleQueued(db: Db, id: string, status: OutboxStatus, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ status, last_error: reason, text: bodyOnceFinal }).where('id', '=', id).where('status', '=', 'queued').execute();
}

/** A relay reported a message undeliverable after it was sent (or may have been): the row says so. */
export async function markBouncedAfterSending(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'bounced', last_error: reason }).where('id', '=', id).where('status', 'in', ['sent', 'unknown']).execute();
}

/** The Message-IDs already queued in one series, oldest first: the next email threads on them. */
export async function messageIdsOfEnrollment(db: Db, workspaceId: string, enrollmentId: string): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select('message_id').where('workspace_id', '=', workspaceId)
    .where('enrollment_id', '=', enrollmentId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.message_id);
}

/** Every invitation (request, update or cancel) queued for a follow-up, in any state. */
export async function invitationsOf(db: Db, workspaceId: string, followUpId: string): Promise<Array<{ id: string; status: OutboxStatus }>> {
  const rows = await db.selectFrom('outbox').select(['id', 'status']).where('workspace_id', '=', workspaceId)
    .where('follow_up_id', '=', followUpId).where('kind', '=', 'invitation').execute();
  return rows.map((r) => ({ id: r.id, status: r.status }));
}

/** An earlier version of an invitation still waiting is superseded: only the latest goes out. */
export async function supersedeQueuedInvitations(db: Db, workspaceId: string, followUpId: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'skipped', last_error: 'superseded by a newer version of this invitation' })
    .where('workspace_id', '=', workspaceId).where('follow_up_id', '=', followUpId).where('kind', '=', 'invitation').where('status', '=', 'queued').execute();
}

/** Not now: back to the end of the line until `availableAt`, with why. */
export async function postpone(db: Db, id: string, availableAt: string, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ available_at: availableAt, last_error: reason }).where('id', '=', id).where('status', '=', 'queued').execute();
}

export interface OutcomePatch {
  status: OutboxStatus;
  lastError?: string | null;
  sentAt?: string | null;
  availableAt?: string;
}

/**
 * Fencing: only the attempt that holds the row may record its outcome. A worker whose lease ran
 * out (the row is `unknown` now, or claimed again) changes nothing; the caller sees 0 and stops.
 */
export async function recordOutcome(db: Db, id: string, attempt: number, patch: OutcomePatch): Promise<number> {
  const result = await db.updateTable('outbox').set({
    status: patch.status, lease_until: null,
    ...(finalStatuses.includes(patch.status) ? { text: bodyOnceFinal } : {}),
    ...(patch.lastError !== undefined ? { last_error: patch.lastError } : {}),
    ...(patch.sentAt !== undefined ? { sent_at: patch.sentAt } : {}),
    ...(patch.availableAt !== undefined ? { available_at: patch.availableAt } : {}),
  }).where('id', '=', id).where('attempt', '=', attempt).where('status', '=', 'sending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sends whose lease ran out: the SMTP server may or may not have taken them, so they are never retried. */
export async function expireLeases(db: Db, nowIso: string): Promise<number> {
  const result = await db.updateTable('outbox')
    .set({ status: 'unknown', lease_until: null, text: bodyOnceFinal, last_error: sql<string>`coalesce(last_error, '') || ${'worker lost its lease mid-send: may or may not have been delivered'}` })
    .where('status', '=', 'sending').where('lease_until', '<', nowIso).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findOutboxMessage(db: Db, id: string): Promise<OutboxMessage | null> {
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOutboxMessage(row) : null;
}

export async function findByUnsubscribeToken(db: Db, token: string): Promise<OutboxMessage | null> {
  const row = await db.selectFrom('outbox').selectAll().where('unsubscribe_token', '=', token).executeTakeFirst();
  return row ? toOutboxMessage(row) : null;
}

export async function listOutbox(db: Db, workspaceId: string, filter: { followUpId?: string; status?: OutboxStatus } = {}): Promise<OutboxMessage[]> {
  let query = db.selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.followUpId) query = query.where('follow_up_id', '=', filter.followUpId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.orderBy('due_at').orderBy('id').execute()).map(toOutboxMessage);
}

/**
 * Newest first, for people reading the outbox: at most `limit` rows. Digests are private mail,
 * so only the viewer's own are listed.
 */
export async function recentOutbox(
  db: Db, workspaceId: string, filter: { statuses?: readonly OutboxStatus[]; orHeld?: boolean; followUpId?: string; viewerId: string; limit: number },
): Promise<OutboxMessage[]> {
  let query = db.selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId)
    .where('kind', '!=', 'password-reset')
    .where((eb) => eb.or([eb('kind', '!=', 'digest'), eb('user_id', '=', filter.viewerId)]));
  if (filter.followUpId) query = query.where('follow_up_id', '=', filter.followUpId);
  const statuses = filter.statuses;
  if (statuses && filter.orHeld) {
    query = query.where((eb) => eb.or([eb('status', 'in', [...statuses]), eb.and([eb('status', '=', 'queued'), eb('held_reason', 'is not', null)])]));
  } else if (statuses) {
    query = query.where('status', 'in', [...statuses]);
  }
  return (await query.orderBy('due_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()).map(toOutboxMessage);
}

/** A queued email that cannot go out until a person fills a field: kept queued, with why, until `availableAt`. */
export async function hold(db: Db, id: string, availableAt: string, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ available_at: availableAt, held_reason: reason, last_error: reason }).where('id', '=', id).where('status', '=', 'queued').execute();
}

/** The held email can go now: its placeholders filled, its reason gone (and, when woken, due at once). */
export async function releaseFilled(db: Db, id: string, subject: string, text: string, availableAt?: string): Promise<void> {
  await db.updateTable('outbox').set({ subject, text, held_reason: null, last_error: null, ...(availableAt ? { available_at: availableAt } : {}) })
    .where('id', '=', id).where('status', '=', 'queued').execute();
}

/** A user's emails held until they fill a field. */
export async function heldMailOf(db: Db, workspaceId: string, userId: string): Promise<OutboxMessage[]> {
  const rows = await db.selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId)
    .where('status', '=', 'queued').where('held_reason', 'is not', null).execute();
  return rows.map(toOutboxMessage);
}
