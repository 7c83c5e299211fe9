import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import * as accounts from '../store/accounts.js';
import * as lifecycle from '../store/accountLifecycle.js';
import { recordAccountEvent } from './accountAudit.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';
import { newSecret, sha256 } from './secrets.js';

export interface Deactivated {
  userId: string;
  reassignedTo: string;
  contacts: number;
  followUps: number;
}

/**
 * A leaver is deactivated in one transaction: they can no longer sign in (login answers as for a
 * wrong password), their sessions, API tokens, unused reset links and calendar feed end, and their
 * contacts and open follow-ups in this workspace go to the colleague chosen. Their row and
 * membership stay, so history still says who did what.
 */
export async function deactivateUser(deps: ServiceDeps, actor: Actor, userId: string, reassignTo: string): Promise<Deactivated> {
  requirePermission(actor, 'manageUsers');
  if (userId === actor.user.id) throw new AppError('conflict', 'you cannot deactivate yourself; ask another owner or admin');
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    if (deps.store.dialect === 'postgres') await accounts.lockWorkspace(trx, 'postgres', actor.workspace.id);
    const role = await lifecycle.activeMemberRole(trx, actor.workspace.id, userId);
    const user = role ? await accounts.findUserById(trx, userId) : null;
    if (!role || !user) throw AppError.notFound('user');
    if (role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'only an owner can deactivate an owner');
    // Locked above (PostgreSQL) or by SQLite's one writer: two owners cannot deactivate each other at once.
    if (role === 'owner' && (await lifecycle.countActiveOwners(trx, actor.workspace.id)) <= 1) {
      throw new AppError('conflict', 'this is the last owner of the workspace; make someone else an owner first');
    }
    if (reassignTo === userId) throw AppError.invalid('reassignTo', 'Choose someone other than the person leaving to take over their contacts.');
    if (!(await lifecycle.activeMemberRole(trx, actor.workspace.id, reassignTo))) {
      throw AppError.invalid('reassignTo', 'Choose an active member of this workspace to take over the contacts.');
    }
    await lifecycle.markDeactivated(trx, userId, nowIso);
    await lifecycle.deleteSessionsOfUser(trx, userId);
    await lifecycle.deleteTokensOfUser(trx, userId);
    await lifecycle.deleteUnusedResetTokens(trx, userId);
    // The feed goes: its hash now matches a secret nobody has.
    await accounts.setIcalSecretHash(trx, userId, sha256(newSecret('', 24)), null);
    const moved = await lifecycle.reassignWork(trx, actor.workspace.id, userId, reassignTo);
    await recordAccountEvent(trx, {
      workspaceId: actor.workspace.id, actor: actor.user, target: user, action: 'user-deactivated', at: nowIso,
      detail: { reassignedTo: reassignTo, contacts: moved.contacts, followUps: moved.followUps },
    });
    return { userId, reassignedTo: reassignTo, ...moved };
  });
}
