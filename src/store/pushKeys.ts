import type { Db } from './db.js';

/** The server's VAPID key pair: one row, made on first start. */
export interface StoredPushKeys {
  publicKey: string;
  sealedPrivateKey: string;
}

export const VAPID_KEYS_ID = 'vapid';

export async function findPushKeys(db: Db): Promise<StoredPushKeys | null> {
  const row = await db.selectFrom('push_keys').select(['public_key', 'sealed_private_key']).where('id', '=', VAPID_KEYS_ID).executeTakeFirst();
  return row ? { publicKey: row.public_key, sealedPrivateKey: row.sealed_private_key } : null;
}

/** Stores the pair unless one is there already (two instances starting at once): the first one written wins. */
export async function insertPushKeysOnce(db: Db, keys: StoredPushKeys, createdAt: string): Promise<void> {
  await db.insertInto('push_keys').values({ id: VAPID_KEYS_ID, public_key: keys.publicKey, sealed_private_key: keys.sealedPrivateKey, created_at: createdAt })
    .onConflict((oc) => oc.column('id').doNothing()).execute();
}
