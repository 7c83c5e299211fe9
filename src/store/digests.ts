import { toUser, type User } from './accounts.js';
import type { Db } from './db.js';

export interface DigestRecord {
  userId: string;
  localDate: string;
  workspaceId: string;
  outboxId: string;
  createdAt: string;
}

/** Everyone who has not turned the digest off. */
export async function digestRecipients(db: Db): Promise<User[]> {
  // A deactivated user (a leaver) gets no more mail about the workspace.
  const rows = await db.selectFrom('users').selectAll().where('deactivated_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('digest_opt_outs as o').select('o.user_id').whereRef('o.user_id', '=', 'users.id'))))
    .orderBy('created_at').orderBy('id').execute();
  return rows.map(toUser);
}

export async function hasDigest(db: Db, userId: string, localDate: string): Promise<boolean> {
  const row = await db.selectFrom('digests').select('user_id').where('user_id', '=', userId).where('local_date', '=', localDate).executeTakeFirst();
  return row !== undefined;
}

/**
 * False when the day's digest is already recorded. ON CONFLICT rather than a caught error: on
 * PostgreSQL a unique violation would abort the surrounding transaction, and a racing instance's
 * insert simply waits for the first to commit and then does nothing, on both dialects.
 */
export async function insertDigest(db: Db, d: DigestRecord): Promise<boolean> {
  const result = await db.insertInto('digests').values({
    user_id: d.userId, local_date: d.localDate, workspace_id: d.workspaceId, outbox_id: d.outboxId, created_at: d.createdAt,
  }).onConflict((oc) => oc.columns(['user_id', 'local_date']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listDigests(db: Db, userId: string): Promise<DigestRecord[]> {
  const rows = await db.selectFrom('digests').selectAll().where('user_id', '=', userId).orderBy('local_date').execute();
  return rows.map((r) => ({ userId: r.user_id, localDate: r.local_date, workspaceId: r.workspace_id, outboxId: r.outbox_id, createdAt: r.created_at }));
}

/** Whether the user exists and still wants the digest. */
export async function wantsDigest(db: Db, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const row = await db.selectFrom('users as u').leftJoin('digest_opt_outs as o', 'o.user_id', 'u.id')
    .select(['u.id', 'o.user_id as optedOut']).where('u.id', '=', userId).executeTakeFirst();
  return row !== undefined && row.optedOut === null;
}

export async function setDigestOptOut(db: Db, userId: string, optOut: boolean, nowIso: string): Promise<void> {
  if (optOut) {
    await db.insertInto('digest_opt_outs').values({ user_id: userId, created_at: nowIso }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  } else {
    await db.deleteFrom('digest_opt_outs').where('user_id', '=', userId).execute();
  }
}
