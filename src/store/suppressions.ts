import { createHash } from 'node:crypto';
import { emailKey, phoneKey } from '../core/import/duplicateKeys.js';
import type { Db } from './db.js';

/**
 * Erasure suppression: when a contact is erased, only a salted hash of their normalised email and
 * of their phone stays, per workspace, so that a later import can recognise them (and refuse them
 * without their explicit opt-in) while nothing readable about them is kept. The workspace id is
 * part of the hash input, so the same person hashes differently in two workspaces.
 */
export function suppressionHash(workspaceId: string, kind: 'email' | 'phone', key: string): string {
  return createHash('sha256').update(`${workspaceId}\u0000${kind}\u0000${key}`).digest('hex');
}

export function suppressionHashesOf(workspaceId: string, person: { email: string | null | undefined; phone: string | null | undefined }): string[] {
  const email = emailKey(person.email);
  const phone = phoneKey(person.phone);
  return [
    ...(email ? [suppressionHash(workspaceId, 'email', email)] : []),
    ...(phone ? [suppressionHash(workspaceId, 'phone', phone)] : []),
  ];
}

export async function suppressPerson(db: Db, workspaceId: string, person: { email: string | null; phone: string | null }, at: string): Promise<void> {
  const hashes = suppressionHashesOf(workspaceId, person);
  if (hashes.length === 0) return;
  await db.insertInto('suppressions').values(hashes.map((hash) => ({ workspace_id: workspaceId, hash, created_at: at })))
    .onConflict((oc) => oc.columns(['workspace_id', 'hash']).doNothing()).execute();
}

export async function hasSuppressions(db: Db, workspaceId: string): Promise<boolean> {
  return (await db.selectFrom('suppressions').select('hash').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst()) !== undefined;
}

/** Which of these hashes are suppressed in the workspace. */
export async function suppressedAmong(db: Db, workspaceId: string, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db.selectFrom('suppressions').select('hash').where('workspace_id', '=', workspaceId)
      .where('hash', 'in', hashes.slice(i, i + 500)).execute();
    for (const row of rows) found.add(row.hash);
  }
  return found;
}

/** The person came back with their explicit opt-in: they are no longer suppressed. */
export async function liftSuppressions(db: Db, workspaceId: string, hashes: string[]): Promise<void> {
  for (let i = 0; i < hashes.length; i += 500) {
    await db.deleteFrom('suppressions').where('workspace_id', '=', workspaceId).where('hash', 'in', hashes.slice(i, i + 500)).execute();
  }
}
