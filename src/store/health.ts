import { sql } from 'kysely';
import type { Db } from './db.js';

/** The database answers a trivial query: the liveness check's proof that it is reachable. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
