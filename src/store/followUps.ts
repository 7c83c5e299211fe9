import type { Selectable } from 'kysely';
import type { FollowUp, FollowUpStatus } from '../core/types.js';
import { camelRow } from './camelRow.js';
import type { FollowUpsTable } from './schema.js';
import { compiledInsert } from './compiledOnce.js';
import { bit, bool, decodeCursor, pageOf, type Db, type Page } from './db.js';

type Row = Selectable<FollowUpsTable>;

export function toFollowUp(row: Row): FollowUp {
  return { ...camelRow(row, ['created_by_interaction_id']), allDay: bool(row.all_day), promised: bool(row.promised), bookedByClient: bool(row.booked_by_client) };
}

// Logging inserts one every time: compiled once (store/compiledOnce).
const insertFollowUpRow = compiledInsert('follow_ups');

export async function insertFollowUp(db: Db, followUp: FollowUp, createdByInteractionId: string | null = null): Promise<void> {
  await insertFollowUpRow(db, {
    id: followUp.id,
    workspace_id: followUp.workspaceId,
    contact_id: followUp.contactId,
    opportunity_id: followUp.opportunityId,
    user_id: followUp.userId,
    kind: followUp.kind,
    ...changeableColumns(followUp),
    promised: bit(followUp.promised),
    source: followUp.source,
    enrollment_id: followUp.enrollmentId,
    step_id: followUp.stepId,
    touch_number: followUp.touchNumber,
    created_by_interaction_id: createdByInteractionId,
    created_at: followUp.createdAt,
    script: followUp.script ?? null,
    subject: followUp.subject ?? null,
    schedule_note: followUp.scheduleNote ?? null,
    booked_by_client: bit(followUp.bookedByClient ?? false),
  });
}

/** What a follow-up may change after it is made: when, how, what about, and whether it is still open. */
function changeableColumns(followUp: FollowUp) {
  return {
    channel: followUp.channel,
    due_at: followUp.dueAt,
    due_local: followUp.dueLocal,
    time_zone: followUp.timeZone,
    all_day: bit(followUp.allDay),
    agenda: followUp.agenda,
    progress: followUp.progress,
    status: followUp.status,
    status_reason: followUp.statusReason,
    done_at: followUp.doneAt,
    duration_minutes: followUp.durationMinutes ?? null,
  };
}

export async function updateFollowUp(db: Db, followUp: FollowUp): Promise<void> {
  await db.updateTable('follow_ups').set(changeableColumns(followUp)).where('workspace_id', '=', followUp.workspaceId).where('id', '=', followUp.id).execute();
}

export async function findFollowUp(db: Db, workspaceId: string, id: string): Promise<FollowUp | null> {
  const row = await db.selectFrom('follow_ups').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toFollowUp(row) : null;
}

export interface FollowUpFilter {
  contactId?: string | undefined;
  status?: FollowUpStatus | undefined;
  dueBefore?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listFollowUps(db: Db, workspaceId: string, filter: FollowUpFilter): Promise<Page<FollowUp>> {
  let query = db.selectFrom('follow_ups').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.dueBefore) query = query.where('due_at', '<', filter.dueBefore);
  const after = decodeCursor(filter.cursor, 2);
  if (after) {
    const [due = '', id = ''] = after;
    query = query.where((eb) => eb.or([eb('due_at', '>', due), eb.and([eb('due_at', '=', due), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('due_at').orderBy('id').limit(filter.limit + 1).execute();
  const page = pageOf(rows, filter.limit, (last) => [last.due_at, last.id]);
  return { items: page.items.map(toFollowUp), nextCursor: page.nextCursor };
}

/** Open follow-ups of one user due before an instant: the agenda's candidates. */
export async function openFollowUpsDueBefore(db: Db, workspaceId: string, userId: string, before: string, limit = 2000): Promise<FollowUp[]> {
  const rows = await db.selectFrom('follow_ups').selectAll()
    .where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('status', '=', 'open').where('due_at', '<', before)
    .orderBy('due_at').limit(limit).execute();
  return rows.map(toFollowUp);
}

export async function openFollowUpsOfContact(db: Db, workspaceId: string, contactId: string): Promise<FollowUp[]> {
  const rows = await db.selectFrom('follow_ups').selectAll()
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open')
    .orderBy('due_at').execute();
  return rows.map(toFollowUp);
}

export async function cancelOpenFollowUps(db: Db, workspaceId: string, contactId: string, reason: string): Promise<number> {
  const result = await db.updateTable('follow_ups').set({ status: 'cancelled', status_reason: reason })
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** After a touch, the contact's open follow-ups show the touch they would be, not the one they were planned as. */
export async function renumberOpenFollowUps(db: Db, workspaceId: string, contactId: string, nextTouch: number): Promise<void> {
  await db.updateTable('follow_ups').set({ touch_number: nextTouch })
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', '=', 'open')
    .where('touch_number', '<', nextTouch).execute();
}

/** The earliest open follow-up of each contact. */
export async function nextOpenFollowUps(db: Db, workspaceId: string, contactIds: string[]): Promise<Map<string, FollowUp>> {
  const next = new Map<string, FollowUp>();
  if (contactIds.length === 0) return next;
  const rows = await db.selectFrom('follow_ups').selectAll()
    .where('workspace_id', '=', workspaceId).where('contact_id', 'in', contactIds).where('status', '=', 'open')
    .orderBy('due_at').execute();
  for (const row of rows) if (!next.has(row.contact_id)) next.set(row.contact_id, toFollowUp(row));
  return next;
}

/** The enrollment's pending step, if any: the earliest open follow-up it created. */
export async function openFollowUpOfEnrollment(db: Db, workspaceId: string, enrollmentId: string): Promise<FollowUp | null> {
  const row = await db.selectFrom('follow_ups').selectAll()
    .where('workspace_id', '=', workspaceId).where('enrollment_id', '=', enrollmentId).where('status', '=', 'open')
    .orderBy('due_at').limit(1).executeTakeFirst();
  return row ? toFollowUp(row) : null;
}

/** How many follow-ups the workspace has open (the demo's summary). */
export async function countOpenFollowUps(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('follow_ups').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId).where('status', '=', 'open').executeTakeFirst();
  return Number(row?.n ?? 0);
}
