import type { Selectable } from 'kysely';
import { enrollmentStatuses, type EnrollmentState, type EnrollmentStatus } from '../core/playbooks/types.js';
import { parseJson, type Db } from './db.js';
import type { EnrollmentsTable } from './schema.js';

export interface Enrollment {
  id: string;
  workspaceId: string;
  contactId: string;
  userId: string | null;
  playbookKey: string;
  playbookId: string | null;
  state: EnrollmentState;
  createdAt: string;
  updatedAt: string;
}

type Row = Selectable<EnrollmentsTable>;

const isEnrollmentStatus = (word: string): word is EnrollmentStatus => (enrollmentStatuses as readonly string[]).includes(word);

const toEnrollment = (row: Row): Enrollment => ({
  id: row.id, workspaceId: row.workspace_id, contactId: row.contact_id, userId: row.user_id, playbookKey: row.playbook_key,
  playbookId: row.playbook_id, state: parseJson<EnrollmentState>(row.state, {} as EnrollmentState), createdAt: row.created_at, updatedAt: row.updated_at,
});

export async function insertEnrollment(db: Db, e: Enrollment): Promise<void> {
  await db.insertInto('enrollments').values({
    id: e.id, workspace_id: e.workspaceId, contact_id: e.contactId, user_id: e.userId, playbook_key: e.playbookKey, playbook_id: e.playbookId,
    status: e.state.status, exit_reason: e.state.exitReason ?? null, state: JSON.stringify(e.state), created_at: e.createdAt, updated_at: e.updatedAt,
  }).execute();
}

export async function updateEnrollment(db: Db, e: Enrollment): Promise<void> {
  await db.updateTable('enrollments').set({
    status: e.state.status, exit_reason: e.state.exitReason ?? null, state: JSON.stringify(e.state), updated_at: e.updatedAt,
  }).where('workspace_id', '=', e.workspaceId).where('id', '=', e.id).execute();
}

export async function findEnrollment(db: Db, workspaceId: string, id: string): Promise<Enrollment | null> {
  const row = await db.selectFrom('enrollments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toEnrollment(row) : null;
}

export async function listEnrollments(db: Db, workspaceId: string, filter: { contactId?: string | undefined; status?: string | undefined }): Promise<Enrollment[]> {
  let query = db.selectFrom('enrollments').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  if (filter.status) {
    // No row holds a word outside the vocabulary (the API refuses one before it gets here).
    if (!isEnrollmentStatus(filter.status)) return [];
    query = query.where('status', '=', filter.status);
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  return rows.map(toEnrollment);
}

/** Enrollments still running or paused: the ones a "no", an opt-out or a reply must end. */
export async function liveEnrollmentsOf(db: Db, workspaceId: string, contactId: string): Promise<Enrollment[]> {
  const rows = await db.selectFrom('enrollments').selectAll()
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('status', 'in', ['active', 'paused']).execute();
  return rows.map(toEnrollment);
}

/** The running (active or paused) enrollments of several contacts at once, by contact. */
export async function liveEnrollmentsOfContacts(db: Db, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, Enrollment[]>> {
  const byContact = new Map<string, Enrollment[]>();
  if (contactIds.length === 0) return byContact;
  const rows = await db.selectFrom('enrollments').selectAll()
    .where('workspace_id', '=', workspaceId).where('contact_id', 'in', [...contactIds]).where('status', 'in', ['active', 'paused']).execute();
  for (const enrollment of rows.map(toEnrollment)) byContact.set(enrollment.contactId, [...(byContact.get(enrollment.contactId) ?? []), enrollment]);
  return byContact;
}

/**
 * Instants of a contact's unagreed outbound touches since a moment: logged ones and scheduled ones.
 * A voicemail left inside a call is part of that call's touch; tasks (channel other) reach nobody.
 * The open follow-ups of `replanning` are about to be replaced, so they do not count.
 */
export async function unagreedTouchesSince(db: Db, workspaceId: string, contactId: string, sinceIso: string, replanning: string | null = null): Promise<number[]> {
  let scheduled = db.selectFrom('follow_ups').select('due_at')
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('promised', '=', 0)
    .where('status', '=', 'open').where('channel', 'not in', ['other', 'voicemail']).where('due_at', '>=', sinceIso);
  if (replanning) scheduled = scheduled.where((eb) => eb.or([eb('enrollment_id', 'is', null), eb('enrollment_id', '!=', replanning)]));
  const logged = await db.selectFrom('interactions as i').leftJoin('follow_ups as f', 'f.id', 'i.follow_up_id').select('i.occurred_at')
    .where('i.workspace_id', '=', workspaceId).where('i.contact_id', '=', contactId).where('i.direction', '=', 'out')
    .where('i.channel', 'not in', ['other', 'voicemail']).where('i.occurred_at', '>=', sinceIso)
    .where((eb) => eb.or([eb('f.promised', 'is', null), eb('f.promised', '=', 0)]))
    .execute();
  const rows = await scheduled.execute();
  return [...rows.map((r) => Date.parse(r.due_at)), ...logged.map((r) => Date.parse(r.occurred_at))].sort((a, b) => a - b);
}

export async function cancelEnrollmentFollowUps(db: Db, workspaceId: string, enrollmentId: string, reason: string): Promise<void> {
  await db.updateTable('follow_ups').set({ status: 'cancelled', status_reason: reason })
    .where('workspace_id', '=', workspaceId).where('enrollment_id', '=', enrollmentId).where('status', '=', 'open').execute();
}

/** The playbook each enrollment runs, by enrollment id: its key, and the name of a workspace playbook (null for a built-in or a deleted one). */
export async function playbooksOfEnrollments(db: Db, workspaceId: string, enrollmentIds: string[]): Promise<Map<string, { key: string; name: string | null }>> {
  if (enrollmentIds.length === 0) return new Map();
  const rows = await db.selectFrom('enrollments as e')
    .leftJoin('playbooks as p', (join) => join.onRef('p.id', '=', 'e.playbook_id').onRef('p.workspace_id', '=', 'e.workspace_id'))
    .select(['e.id as enrollmentId', 'e.playbook_key as key', 'p.name as name'])
    .where('e.workspace_id', '=', workspaceId).where('e.id', 'in', enrollmentIds).execute();
  return new Map(rows.map((row) => [row.enrollmentId, { key: row.key, name: row.name }]));
}
