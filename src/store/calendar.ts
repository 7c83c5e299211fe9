import type { FollowUp } from '../core/types.js';
import type { Db } from './db.js';
import { toFollowUp } from './followUps.js';

/** A user's open follow-ups in one workspace, for their calendar feed. */
export async function openFollowUpsOfUser(db: Db, workspaceId: string, userId: string, limit = 5000): Promise<FollowUp[]> {
  const rows = await db.selectFrom('follow_ups').selectAll()
    .where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('status', '=', 'open')
    .orderBy('due_at').orderBy('id').limit(limit).execute();
  return rows.map(toFollowUp);
}
