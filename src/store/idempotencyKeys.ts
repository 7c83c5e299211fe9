/**
 * Idempotency keys, per workspace and user. Claiming is one insert that the primary key decides:
 * of two requests with one key, on one server or two, exactly one inserts its row.
 */
import type { Db } from './db.js';
import type { IdempotencyKeysTable } from './idempotencySchema.js';

export interface KeyOwner {
  workspaceId: string;
  userId: string;
  key: string;
}

export interface IdempotencyKeyRow {
  requestHash: string;
  status: 'in-flight' | 'done';
  responseStatus: number | null;
  responseBody: string | null;
  responseContentType: string | null;
  createdAt: string;
}

const toRow = (r: IdempotencyKeysTable): IdempotencyKeyRow => ({
  requestHash: r.request_hash, status: r.status, responseStatus: r.response_status === null ? null : Number(r.response_status),
  responseBody: r.response_body, responseContentType: r.response_content_type, createdAt: r.created_at,
});

/** Claims the key for a request now starting; false when a row for the key exists already. */
export async function insertInFlightKey(db: Db, owner: KeyOwner, requestHash: string, nowIso: string): Promise<boolean> {
  const result = await db.insertInto('idempotency_keys').values({
    workspace_id: owner.workspaceId, user_id: owner.userId, key: owner.key, request_hash: requestHash, status: 'in-flight',
    response_status: null, response_body: null, response_content_type: null, created_at: nowIso,
  }).onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'key']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findKey(db: Db, owner: KeyOwner): Promise<IdempotencyKeyRow | null> {
  const row = await db.selectFrom('idempotency_keys').selectAll()
    .where('workspace_id', '=', owner.workspaceId).where('user_id', '=', owner.userId).where('key', '=', owner.key).executeTakeFirst();
  return row ? toRow(row) : null;
}

/**
 * Deletes the key's row if it is still the one that was read (same creation time and status): of
 * two requests freeing a stale key at once, only one deletes it, and a fresh claim is never lost.
 */
export async function deleteKeyAsRead(db: Db, owner: KeyOwner, seen: Pick<IdempotencyKeyRow, 'createdAt' | 'status'>): Promise<void> {
  await db.deleteFrom('idempotency_keys')
    .where('workspace_id', '=', owner.workspaceId).where('user_id', '=', owner.userId).where('key', '=', owner.key)
    .where('created_at', '=', seen.createdAt).where('status', '=', seen.status).execute();
}

/** Lets the key go (the request failed): only the claim this request made, still in flight. */
export async function deleteInFlightKey(db: Db, owner: KeyOwner, createdAt: string): Promise<void> {
  await deleteKeyAsRead(db, owner, { createdAt, status: 'in-flight' });
}

/** The request finished: its response is what a repeat gets. */
export async function recordResponse(
  db: Db, owner: KeyOwner, createdAt: string, response: { status: number; body: string | null; contentType: string | null },
): Promise<void> {
  await db.updateTable('idempotency_keys')
    .set({ status: 'done', response_status: response.status, response_body: response.body, response_content_type: response.contentType })
    .where('workspace_id', '=', owner.workspaceId).where('user_id', '=', owner.userId).where('key', '=', owner.key)
    .where('created_at', '=', createdAt).where('status', '=', 'in-flight').execute();
}

/** Keys of the workspace created before `beforeIso` are forgotten (an index on workspace and age keeps it cheap). */
export async function deleteKeysOlderThan(db: Db, workspaceId: string, beforeIso: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('workspace_id', '=', workspaceId).where('created_at', '<', beforeIso).execute();
}
