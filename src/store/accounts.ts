import type { Selectable } from 'kysely';
import type { Role } from '../core/types.js';
import type { UsersTable, WorkspacesTable } from './schema.js';
import { DEFAULT_REMINDER_MINUTES } from '../shared/defaults.js';
import { compiledOnce } from './compiledOnce.js';
import { parseJson, type Db } from './db.js';
import { insertDefaultStages } from './dealStages.js';

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  timeZone: string;
  workFrom: string;
  workTo: string;
  workDays: number[];
  createdAt: string;
  /** Quoted by scripts and emails ({{user.phone}}); no default, so an empty one holds a message. */
  phone?: string | null;
  /** {{user.signature}}; when unset, the name and workspace sign instead. */
  signature?: string | null;
  /** When the current iCal feed link was made; null: no link was ever shown (the feed is off). */
  icalCreatedAt?: string | null;
  /** Set once an owner or admin deactivated the user. */
  deactivatedAt?: string | null;
  /** Minutes before a timed follow-up for its calendar alarm and push reminder; 0: none. Unset: the default. */
  reminderMinutes?: number;
}

export const toWorkspace = (row: Selectable<WorkspacesTable>): Workspace => ({
  id: row.id, name: row.name, timeZone: row.time_zone, settings: parseJson(row.settings, {}), createdAt: row.created_at,
});

export const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, timeZone: row.time_zone,
  workFrom: row.work_from, workTo: row.work_to, workDays: parseJson<number[]>(row.work_days, [1, 2, 3, 4, 5]),
  createdAt: row.created_at, phone: row.phone ?? null, signature: row.signature ?? null,
  icalCreatedAt: row.ical_created_at ?? null, deactivatedAt: row.deactivated_at ?? null, reminderMinutes: row.reminder_minutes,
});

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertWorkspace(db: Db, w: Workspace): Promise<void> {
  await db.insertInto('workspaces').values({ id: w.id, name: w.name, time_zone: w.timeZone, settings: JSON.stringify(w.settings), created_at: w.createdAt }).execute();
  await insertDefaultStages(db, w.id, w.createdAt);
}

export async function findWorkspace(db: Db, id: string): Promise<Workspace | null> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWorkspace(row) : null;
}

/**
 * Holds the workspace's row until the transaction ends, so two writers that each check "is it
 * empty?" take turns (PostgreSQL; SQLite's one writer already serialises them).
 */
export async function lockWorkspace(db: Db, dialect: 'sqlite' | 'postgres', id: string): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('workspaces').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertUser(db: Db, u: User, icalSecretHash: string): Promise<void> {
  await db.insertInto('users').values({
    id: u.id, email: u.email, name: u.name, password_hash: u.passwordHash, time_zone: u.timeZone,
    work_from: u.workFrom, work_to: u.workTo, work_days: JSON.stringify(u.workDays),
    ical_secret_hash: icalSecretHash, ical_created_at: u.icalCreatedAt ?? null, created_at: u.createdAt,
    reminder_minutes: u.reminderMinutes ?? DEFAULT_REMINDER_MINUTES,
  }).execute();
}

export async function updateUser(db: Db, u: User): Promise<void> {
  await db.updateTable('users').set({
    name: u.name, time_zone: u.timeZone, work_from: u.workFrom, work_to: u.workTo, work_days: JSON.stringify(u.workDays),
    phone: u.phone ?? null, signature: u.signature ?? null, reminder_minutes: u.reminderMinutes ?? DEFAULT_REMINDER_MINUTES,
  }).where('id', '=', u.id).execute();
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The feed's owner; a deactivated user's feed is gone, whatever link they kept. */
export async function findUserByIcalHash(db: Db, hash: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('ical_secret_hash', '=', hash).where('deactivated_at', 'is', null).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** Only the hash is kept: the link holding the secret is shown once, when it is made. `createdAt` null: no usable link. */
export async function setIcalSecretHash(db: Db, userId: string, hash: string, createdAt: string | null): Promise<void> {
  await db.updateTable('users').set({ ical_secret_hash: hash, ical_created_at: createdAt }).where('id', '=', userId).execute();
}

export async function addMembership(db: Db, workspaceId: string, userId: string, role: Role, createdAt: string): Promise<void> {
  await db.insertInto('memberships').values({ workspace_id: workspaceId, user_id: userId, role, created_at: createdAt }).execute();
}

export async function findMembership(db: Db, workspaceId: string, userId: string): Promise<Role | null> {
  const row = await db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row ? row.role : null;
}

/**
 * The workspace's first owner, by the time they joined it (ties broken by id, so every instance
 * agrees): who acts for mail whose salesperson is gone, and for replies to a workspace mailbox.
 */
export async function firstOwnerOf(db: Db, workspaceId: string): Promise<string | null> {
  const row = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('role', '=', 'owner')
    .orderBy('created_at').orderBy('user_id').limit(1).executeTakeFirst();
  return row?.user_id ?? null;
}

/** The instance's first owner in any workspace, by join time: whom the CLI acts as when no user is named. */
export async function firstOwnerOfInstance(db: Db): Promise<string | null> {
  const row = await db.selectFrom('memberships').select('user_id').where('role', '=', 'owner')
    .orderBy('created_at').orderBy('user_id').limit(1).executeTakeFirst();
  return row?.user_id ?? null;
}

export async function workspacesOf(db: Db, userId: string): Promise<Array<Workspace & { role: Role }>> {
  const rows = await db.selectFrom('memberships as m').innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .selectAll('w').select('m.role').where('m.user_id', '=', userId).orderBy('w.created_at').execute();
  return rows.map((r) => ({ ...toWorkspace(r), role: r.role }));
}

export async function usersOfWorkspace(db: Db, workspaceId: string): Promise<Array<User & { role: Role }>> {
  const rows = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u').select('m.role').where('m.workspace_id', '=', workspaceId).orderBy('u.created_at').execute();
  return rows.map((r) => ({ ...toUser(r), role: r.role }));
}

export interface TokenRecord {
  id: string;
  workspaceId: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function insertToken(db: Db, t: TokenRecord, tokenHash: string): Promise<void> {
  await db.insertInto('api_tokens').values({
    id: t.id, workspace_id: t.workspaceId, user_id: t.userId, name: t.name, token_hash: tokenHash, created_at: t.createdAt, last_used_at: null,
  }).execute();
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRecord | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? { id: row.id, workspaceId: row.workspace_id, userId: row.user_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at } : null;
}

/** Who a caller acts as: the user, the workspace and the user's role there, read beside the caller's own row. */
const ACTOR_COLUMNS = [
  'u.id', 'u.email', 'u.name', 'u.password_hash', 'u.time_zone', 'u.work_from', 'u.work_to', 'u.work_days', 'u.ical_secret_hash',
  'u.ical_created_at', 'u.deactivated_at', 'u.created_at', 'u.phone', 'u.signature', 'u.reminder_minutes', 'w.id as w_id', 'w.name as w_name', 'w.time_zone as w_time_zone', 'w.settings as w_settings',
  'w.created_at as w_created_at', 'm.role',
] as const;

type ActorRow = Selectable<UsersTable> & { w_id: string; w_name: string; w_time_zone: string; w_settings: string; w_created_at: string; role: Role };

function actorOf(row: ActorRow): { user: User; workspace: Workspace; role: Role } {
  const workspace = toWorkspace({ id: row.w_id, name: row.w_name, time_zone: row.w_time_zone, settings: row.w_settings, created_at: row.w_created_at });
  return { user: toUser(row), workspace, role: row.role };
}

/**
 * Who a token acts as, in one query compiled once: every API request asks, and on PostgreSQL each
 * query is a round trip.
 */
const tokenActorRows = compiledOnce((db: Db, tokenHash: string) => db.selectFrom('api_tokens as t')
  .innerJoin('users as u', 'u.id', 't.user_id')
  .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
  .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 't.workspace_id').onRef('m.user_id', '=', 't.user_id'))
  .select(ACTOR_COLUMNS)
  .where('t.token_hash', '=', tokenHash).where('u.deactivated_at', 'is', null));

export async function findTokenActor(db: Db, tokenHash: string): Promise<{ user: User; workspace: Workspace; role: Role } | null> {
  const [row] = await tokenActorRows(db, tokenHash);
  return row ? actorOf(row) : null;
}

/** The same for a browser's session, with the session's CSRF token and expiry: every request of the web app asks. */
const sessionActorRows = compiledOnce((db: Db, idHash: string) => db.selectFrom('sessions as s')
  .innerJoin('users as u', 'u.id', 's.user_id')
  .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
  .innerJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
  .select(ACTOR_COLUMNS).select(['s.csrf_token', 's.expires_at'])
  .where('s.id_hash', '=', idHash).where('u.deactivated_at', 'is', null));

export async function findSessionActor(db: Db, idHash: string): Promise<{ actor: { user: User; workspace: Workspace; role: Role }; csrfToken: string; expiresAt: string } | null> {
  const [row] = await sessionActorRows(db, idHash);
  return row ? { actor: actorOf(row), csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
}

export async function listTokens(db: Db, workspaceId: string, userId: string): Promise<TokenRecord[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, userId: row.user_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

export async function deleteToken(db: Db, workspaceId: string, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('api_tokens').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface SessionRecord {
  userId: string;
  workspaceId: string;
  csrfToken: string;
  expiresAt: string;
}

export async function insertSession(db: Db, idHash: string, s: SessionRecord, createdAt: string): Promise<void> {
  await db.insertInto('sessions').values({
    id_hash: idHash, user_id: s.userId, workspace_id: s.workspaceId, csrf_token: s.csrfToken, expires_at: s.expiresAt, created_at: createdAt,
  }).execute();
}

export async function updateSessionWorkspace(db: Db, idHash: string, workspaceId: string): Promise<void> {
  await db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function updateWorkspaceSettings(db: Db, workspaceId: string, settings: Record<string, unknown>): Promise<void> {
  await db.updateTable('workspaces').set({ settings: JSON.stringify(settings) }).where('id', '=', workspaceId).execute();
}
