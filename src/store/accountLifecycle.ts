import type { Role } from '../core/types.js';
import type { Db } from './db.js';

/**
 * What changes in an account's life after it is made: its password, its sessions and tokens ended,
 * reset links, and a leaver's work handed to a colleague (issue 12 item 9).
 */

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Ends every browser session of the user except `keepIdHash` (the one that asked, when it is a session). */
export async function deleteSessionsOfUser(db: Db, userId: string, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

export async function deleteTokensOfUser(db: Db, userId: string): Promise<number> {
  return Number((await db.deleteFrom('api_tokens').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
}

export async function markDeactivated(db: Db, userId: string, at: string): Promise<void> {
  await db.updateTable('users').set({ deactivated_at: at }).where('id', '=', userId).execute();
}

/** The user's role in the workspace when they are a member who can still sign in; null otherwise. */
export async function activeMemberRole(db: Db, workspaceId: string, userId: string): Promise<Role | null> {
  const row = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.role')
    .where('m.workspace_id', '=', workspaceId).where('m.user_id', '=', userId).where('u.deactivated_at', 'is', null).executeTakeFirst();
  return row?.role ?? null;
}

export async function countActiveOwners(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.workspace_id', '=', workspaceId).where('m.role', '=', 'owner').where('u.deactivated_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface Reassigned { contacts: number; followUps: number }

/**
 * A leaver's contacts and open follow-ups in the workspace go to a colleague, and so does their
 * queued playbook mail (which would otherwise go out from the leaver's mailbox, signed by them).
 */
export async function reassignWork(db: Db, workspaceId: string, fromUserId: string, toUserId: string): Promise<Reassigned> {
  const contacts = await db.updateTable('contacts').set({ owner_id: toUserId })
    .where('workspace_id', '=', workspaceId).where('owner_id', '=', fromUserId).executeTakeFirst();
  const followUps = await db.updateTable('follow_ups').set({ user_id: toUserId })
    .where('workspace_id', '=', workspaceId).where('user_id', '=', fromUserId).where('status', '=', 'open').executeTakeFirst();
  await db.updateTable('outbox').set({ user_id: toUserId })
    .where('workspace_id', '=', workspaceId).where('user_id', '=', fromUserId).where('status', '=', 'queued').where('kind', '=', 'step').execute();
  return { contacts: Number(contacts.numUpdatedRows), followUps: Number(followUps.numUpdatedRows) };
}

export interface ResetTokenRecord {
  userId: string;
  workspaceId: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export async function insertResetToken(db: Db, tokenHash: string, r: ResetTokenRecord): Promise<void> {
  await db.insertInto('password_reset_tokens').values({
    token_hash: tokenHash, user_id: r.userId, workspace_id: r.workspaceId, created_by: r.createdBy, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null,
  }).execute();
}

/** The user's reset links not yet used: a newer link, a used one, or deactivation makes them worthless. */
export async function deleteUnusedResetTokens(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/**
 * Uses a link: only an unused, unexpired one, and only once even when two requests race (the
 * conditional update lets exactly one of them through). Returns what it was issued for, or null.
 */
export async function consumeResetToken(db: Db, tokenHash: string, nowIso: string): Promise<ResetTokenRecord | null> {
  const used = await db.updateTable('password_reset_tokens').set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', nowIso).executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
  return { userId: row.user_id, workspaceId: row.workspace_id, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at };
}
