/**
 * The server's VAPID key pair (RFC 8292): made on first start, stored once for every instance, the
 * private key sealed with SECRETS_KEY. Push services tie each subscription to the public key it
 * was made with, so the pair is never replaced on its own.
 */
import webpush from 'web-push';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { findPushKeys, insertPushKeysOnce, VAPID_KEYS_ID } from '../store/pushKeys.js';
import type { ServiceDeps } from './deps.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Why push reminders are off on a server without SECRETS_KEY: the private key is never stored in the clear. */
export const PUSH_NEEDS_SECRETS_KEY = 'Reminders on this device need the server to keep a signing key, and it keeps secrets only when SECRETS_KEY is set: whoever runs Followthrough can set it (32+ characters) and restart.';

const SEAL_CONTEXT = `push_keys:${VAPID_KEYS_ID}`;

/** The stored pair, made and stored first if there is none (two instances racing store one: the first). Null without SECRETS_KEY. */
export async function vapidKeys(deps: ServiceDeps): Promise<VapidKeys | null> {
  const secrets = deps.secrets;
  if (!secrets) return null;
  let stored = await findPushKeys(deps.store.db);
  if (!stored) {
    const made = webpush.generateVAPIDKeys();
    await insertPushKeysOnce(deps.store.db, { publicKey: made.publicKey, sealedPrivateKey: secrets.seal(made.privateKey, SEAL_CONTEXT) }, formatInstant(deps.clock()));
    stored = await findPushKeys(deps.store.db);
    if (!stored) throw new Error('the push key pair was not stored');
  }
  return { publicKey: stored.publicKey, privateKey: secrets.open(stored.sealedPrivateKey, SEAL_CONTEXT) };
}

/** The applicationServerKey a browser subscribes with. */
export async function pushPublicKey(deps: ServiceDeps): Promise<{ publicKey: string }> {
  const keys = await vapidKeys(deps);
  if (!keys) throw new AppError('conflict', PUSH_NEEDS_SECRETS_KEY);
  return { publicKey: keys.publicKey };
}
