import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { newMessageId } from '../mail/messageId.js';
import * as accounts from '../store/accounts.js';
import type { User } from '../store/accounts.js';
import * as lifecycle from '../store/accountLifecycle.js';
import { newId } from '../store/ids.js';
import { insertOutboxMessage, type OutboxMessage } from '../store/outbox.js';
import { recordAccountEvent } from './accountAudit.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';
import { routeOf } from './outbox.js';
import { hashPassword, newSecret, sha256, verifyPassword } from './secrets.js';

/** A reset link is good for a day: long enough to reach someone, short enough not to linger in an inbox. */
export const RESET_LINK_HOURS = 24;

const wrongCurrent = (): AppError => AppError.invalid('currentPassword', 'That is not your current password.');

/**
 * Change your own password. The current one must be right (the route counts failures like failed
 * logins); every other session of yours ends, the one that asked stays. API tokens are kept: they
 * are revoked one by one in Settings.
 */
export async function changePassword(
  deps: ServiceDeps, actor: Actor, input: { currentPassword: string; newPassword: string }, currentSessionId: string | null,
): Promise<{ sessionsEnded: number }> {
  if (!(await verifyPassword(actor.user.passwordHash, input.currentPassword))) throw wrongCurrent();
  const passwordHash = await hashPassword(input.newPassword);
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    await lifecycle.setPasswordHash(trx, actor.user.id, passwordHash);
    const sessionsEnded = await lifecycle.deleteSessionsOfUser(trx, actor.user.id, currentSessionId ? sha256(currentSessionId) : undefined);
    await recordAccountEvent(trx, { workspaceId: actor.workspace.id, actor: actor.user, target: actor.user, action: 'password-changed', at: nowIso, detail: { sessionsEnded } });
    return { sessionsEnded };
  });
}

export function resetUrl(deps: ServiceDeps, token: string): string {
  return `${deps.baseUrl.replace(/\/$/, '')}/reset/${token}`;
}

export interface IssuedReset {
  userId: string;
  email: string;
  expiresAt: string;
  mailed: boolean;
  /** The link, only when it was not mailed: whoever issued it passes it on. */
  resetUrl: string | null;
}

function resetMail(deps: ServiceDeps, user: User, workspaceId: string, workspaceName: string, url: string, nowIso: string): OutboxMessage {
  const text = [
    `Hello ${user.name},`,
    '',
    `You can choose a new password for Followthrough (${workspaceName}) with this link. It works once, for ${RESET_LINK_HOURS} hours:`,
    '',
    url,
    '',
    'If you did not ask for this, ignore this email: your password stays as it is.',
  ].join('\n');
  return {
    id: newId(), workspaceId, contactId: null, userId: user.id, followUpId: null, enrollmentId: null, kind: 'password-reset',
    to: user.email, subject: 'Choose a new Followthrough password', text, headers: {}, calendar: null, messageId: newMessageId(),
    unsubscribeToken: null, status: 'queued', attempt: 0, leaseUntil: null, dueAt: nowIso, availableAt: nowIso, lastError: null,
    createdAt: nowIso, sentAt: null,
  };
}

/**
 * A one-time reset link for a member of the workspace, replacing any unused one. Only its hash is
 * stored. It is mailed to the user when the workspace or the server has a mailbox (the outbox keeps
 * the body only until it is sent, and lists it to no one); otherwise it is returned, once.
 */
export async function issuePasswordReset(
  deps: ServiceDeps, actor: Actor, userId: string, options: { serverHasSmtp: boolean; mail?: boolean },
): Promise<IssuedReset> {
  requirePermission(actor, 'manageUsers');
  const db = deps.store.db;
  const role = await lifecycle.activeMemberRole(db, actor.workspace.id, userId);
  const user = role ? await accounts.findUserById(db, userId) : null;
  if (!role || !user) throw AppError.notFound('user');
  // An admin who could reset an owner's password could sign in as that owner.
  if (role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'only an owner can issue a reset link for an owner');
  return issue(deps, user, { workspaceId: actor.workspace.id, workspaceName: actor.workspace.name, actor: actor.user }, options.mail !== false, options.serverHasSmtp);
}

/**
 * From the server's command line (local access is already full trust): a link for any active user,
 * printed, never mailed. How an owner who lost their own password gets back in.
 */
export async function issuePasswordResetFromServer(deps: ServiceDeps, email: string): Promise<IssuedReset> {
  const user = await accounts.findUserByEmail(deps.store.db, email);
  const workspace = user && !user.deactivatedAt ? (await accounts.workspacesOf(deps.store.db, user.id))[0] : undefined;
  if (!user || !workspace) throw AppError.invalid('email', `no active user with email ${email}`);
  return issue(deps, user, { workspaceId: workspace.id, workspaceName: workspace.name, actor: null }, false, false);
}

async function issue(
  deps: ServiceDeps, user: User, by: { workspaceId: string; workspaceName: string; actor: User | null }, mail: boolean, serverHasSmtp: boolean,
): Promise<IssuedReset> {
  const token = newSecret('', 32);
  const now = deps.clock();
  const nowIso = formatInstant(now);
  const expiresAt = formatInstant(now + RESET_LINK_HOURS * 3_600_000);
  const url = resetUrl(deps, token);
  return deps.store.db.transaction().execute(async (trx) => {
    await lifecycle.deleteUnusedResetTokens(trx, user.id);
    await lifecycle.insertResetToken(trx, sha256(token), { userId: user.id, workspaceId: by.workspaceId, createdBy: by.actor?.id ?? null, createdAt: nowIso, expiresAt });
    const message = resetMail(deps, user, by.workspaceId, by.workspaceName, url, nowIso);
    const mailed = mail && (await routeOf(trx, message, serverHasSmtp)) !== null;
    if (mailed) await insertOutboxMessage(trx, message);
    await recordAccountEvent(trx, { workspaceId: by.workspaceId, actor: by.actor, target: user, action: 'password-reset-issued', at: nowIso, detail: { mailed, expiresAt } });
    return { userId: user.id, email: user.email, expiresAt, mailed, resetUrl: mailed ? null : url };
  });
}

const invalidLink = (): AppError => AppError.invalid('token', 'This reset link is not valid any more (used, replaced or older than a day). Ask your admin for a new one.');

/**
 * Uses a reset link: sets the password, ends every session of the user and uses up the link, all
 * or nothing. Any failure reads the same, so a guess learns nothing.
 */
export async function usePasswordReset(deps: ServiceDeps, input: { token: string; newPassword: string }): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.newPassword);
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const link = await lifecycle.consumeResetToken(trx, sha256(input.token), nowIso);
    const user = link ? await accounts.findUserById(trx, link.userId) : null;
    if (!link || !user || user.deactivatedAt) throw invalidLink();
    await lifecycle.setPasswordHash(trx, user.id, passwordHash);
    const sessionsEnded = await lifecycle.deleteSessionsOfUser(trx, user.id);
    await recordAccountEvent(trx, { workspaceId: link.workspaceId, actor: user, target: user, action: 'password-reset-used', at: nowIso, detail: { sessionsEnded } });
    return { email: user.email };
  });
}
