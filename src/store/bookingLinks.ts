import type { Selectable } from 'kysely';
import type { Channel } from '../core/types.js';
import { camelRow } from './camelRow.js';
import { parseJson, type Db } from './db.js';
import type { BookingLinksTable } from './schema.js';

export interface BookingLink {
  id: string;
  workspaceId: string;
  contactId: string;
  userId: string;
  tokenHash: string;
  followUpId: string | null;
  enrollmentId: string | null;
  agenda: string | null;
  channels: Channel[];
  durationMinutes: number;
  days: number;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  bookedFollowUpId: string | null;
  bookedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

function toLink(row: Selectable<BookingLinksTable>): BookingLink {
  return { ...camelRow(row), channels: parseJson<Channel[]>(row.channels, []) };
}

export async function insertBookingLink(db: Db, link: BookingLink): Promise<void> {
  await db.insertInto('booking_links').values({
    id: link.id, workspace_id: link.workspaceId, contact_id: link.contactId, user_id: link.userId, token_hash: link.tokenHash,
    follow_up_id: link.followUpId, enrollment_id: link.enrollmentId, agenda: link.agenda, channels: JSON.stringify(link.channels),
    duration_minutes: link.durationMinutes, days: link.days, created_by: link.createdBy, created_at: link.createdAt,
    expires_at: link.expiresAt, withdrawn_at: link.withdrawnAt, withdrawn_reason: link.withdrawnReason,
    booked_follow_up_id: link.bookedFollowUpId, booked_at: link.bookedAt, cancelled_at: link.cancelledAt, cancel_reason: link.cancelReason,
  }).execute();
}

/** The link a token opens, whatever its state (the caller decides what an expired or withdrawn one shows). */
export async function findBookingLinkByTokenHash(db: Db, tokenHash: string): Promise<BookingLink | null> {
  const row = await db.selectFrom('booking_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toLink(row) : null;
}

export async function findBookingLink(db: Db, workspaceId: string, id: string): Promise<BookingLink | null> {
  const row = await db.selectFrom('booking_links').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toLink(row) : null;
}

export async function bookingLinksOfContact(db: Db, workspaceId: string, contactId: string): Promise<BookingLink[]> {
  const rows = await db.selectFrom('booking_links').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return rows.map(toLink);
}

/** Records a booking (or a move of it), a cancellation, or a withdrawal: the columns that change after a link is made. */
export async function updateBookingLink(db: Db, link: BookingLink): Promise<void> {
  await db.updateTable('booking_links').set({
    withdrawn_at: link.withdrawnAt, withdrawn_reason: link.withdrawnReason, booked_follow_up_id: link.bookedFollowUpId,
    booked_at: link.bookedAt, cancelled_at: link.cancelledAt, cancel_reason: link.cancelReason,
  }).where('workspace_id', '=', link.workspaceId).where('id', '=', link.id).execute();
}

/** Every open link of a contact stops working at once (they opted out or said no). */
export async function withdrawContactLinks(db: Db, workspaceId: string, contactId: string, reason: string, atIso: string): Promise<number> {
  const result = await db.updateTable('booking_links').set({ withdrawn_at: atIso, withdrawn_reason: reason })
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Links of a user's contacts whose client cancelled since an instant: Today says so. */
export async function cancelledBookingsSince(db: Db, workspaceId: string, userId: string, sinceIso: string): Promise<BookingLink[]> {
  const rows = await db.selectFrom('booking_links').selectAll()
    .where('user_id', '=', userId).where('workspace_id', '=', workspaceId).where('cancelled_at', '>=', sinceIso)
    .orderBy('cancelled_at', 'desc').limit(50).execute();
  return rows.map(toLink);
}

/**
 * Takes the quarter hours a booked follow-up occupies for its user. False when another booking
 * holds one of them: ON CONFLICT rather than a caught error, because on PostgreSQL a unique
 * violation would abort the transaction, and a racing instance's insert waits for the first to
 * commit and then inserts nothing, on both dialects. Claims of follow-ups no longer open (done,
 * cancelled when the contact opted out) are cleared first; a moved one releases its own (releaseCells).
 */
export async function claimCells(db: Db, userId: string, cells: readonly string[], followUpId: string): Promise<boolean> {
  if (cells.length === 0) return true;
  await db.deleteFrom('booking_claims').where('user_id', '=', userId).where('cell', 'in', [...cells])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('follow_ups as f').select('f.id')
      .whereRef('f.id', '=', 'booking_claims.follow_up_id').where('f.status', '=', 'open')))).execute();
  const result = await db.insertInto('booking_claims').values(cells.map((cell) => ({ user_id: userId, cell, follow_up_id: followUpId })))
    .onConflict((oc) => oc.columns(['user_id', 'cell']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === cells.length;
}

/** A booked follow-up gives up its time (cancelled, or about to be moved). */
export async function releaseCells(db: Db, followUpId: string): Promise<void> {
  await db.deleteFrom('booking_claims').where('follow_up_id', '=', followUpId).execute();
}
