import * as accounts from '../store/accounts.js';
import type { Db } from '../store/db.js';
import type { Actor } from './deps.js';

/**
 * Who acts for work no request started (a queued email, a reply read from a mailbox): the row's
 * salesperson while they are a member, else the workspace's first owner by join time. Null only
 * for a workspace with no owner left.
 */
export async function actorForMessage(db: Db, message: { workspaceId: string; userId: string | null }): Promise<Actor | null> {
  const workspace = await accounts.findWorkspace(db, message.workspaceId);
  if (!workspace) return null;
  const role = message.userId ? await accounts.findMembership(db, workspace.id, message.userId) : null;
  const userId = role ? message.userId : await accounts.firstOwnerOf(db, workspace.id);
  const user = userId ? await accounts.findUserById(db, userId) : null;
  return user ? { user, workspace, role: role ?? 'owner' } : null;
}
