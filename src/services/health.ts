import type { DialectName } from '../store/connect.js';
import { ping } from '../store/health.js';
import type { ServiceDeps } from './deps.js';

/** Liveness: the database answers, and which kind it is. Throws when it does not answer. */
export async function checkHealth(deps: ServiceDeps): Promise<{ ok: true; db: DialectName }> {
  await ping(deps.store.db);
  return { ok: true, db: deps.store.dialect };
}
