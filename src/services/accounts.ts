import { AppError } from '../core/errors.js';
import { assertTimeZone, formatInstant } from '../core/time.js';
import type { Role } from '../core/types.js';
import { DEFAULT_WORK_HOURS } from '../shared/defaults.js';
import * as accounts from '../store/accounts.js';
import type { User, Workspace } from '../store/accounts.js';

/** The account types routes and presenters show: they reach them through this service, not the store. */
export type { User, Workspace } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import { fillProfilePlaceholders } from './profilePlaceholders.js';
import { requirePermission } from './permissions.js';
import { patchedSettings, type WorkspaceSettingsPatch } from './workspaceRules.js';
import type { Actor, ServiceDeps } from './deps.js';
import { dummyPasswordHash, hashPassword, newSecret, sha256, verifyPassword } from './secrets.js';

export const SESSION_DAYS = 14;

function newUser(fields: { email: string; name: string; timeZone: string }, passwordHash: string, nowIso: string): User {
  return {
    id: newId(), email: fields.email.toLowerCase(), name: fields.name, passwordHash, timeZone: assertTimeZone(fields.timeZone, 'timeZone'),
    workFrom: DEFAULT_WORK_HOURS.workFrom, workTo: DEFAULT_WORK_HOURS.workTo, workDays: [...DEFAULT_WORK_HOURS.workDays], createdAt: nowIso,
    icalCreatedAt: null, deactivatedAt: null,
  };
}

/**
 * A new user's feed hash is of a secret nobody is shown: the feed works once they make a link
 * (only its hash is kept, so the link can be shown only when it is made).
 */
const unseenIcalHash = (): string => sha256(newSecret('', 24));

async function issueToken(deps: ServiceDeps, db: Db, workspaceId: string, userId: string, name: string) {
  const token = newSecret('ft_');
  const record = { id: newId(), workspaceId, userId, name, createdAt: formatInstant(deps.clock()), lastUsedAt: null };
  await accounts.insertToken(db, record, sha256(token));
  return { ...record, token };
}

export interface SetupInput { email: string; password: string; name: string; workspace: string; timeZone: string }

/** First run: the first user, their workspace, and a token. Refused once anyone exists. */
export async function setup(deps: ServiceDeps, input: SetupInput) {
  const passwordHash = await hashPassword(input.password);
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    if ((await accounts.countUsers(trx)) > 0) throw new AppError('already-set-up', 'this instance is already set up; log in instead');
    const user = newUser(input, passwordHash, nowIso);
    const workspace: Workspace = { id: newId(), name: input.workspace, timeZone: user.timeZone, settings: {}, createdAt: nowIso };
    await accounts.insertWorkspace(trx, workspace);
    await accounts.insertUser(trx, user, unseenIcalHash());
    await accounts.addMembership(trx, workspace.id, user.id, 'owner', nowIso);
    const token = await issueToken(deps, trx, workspace.id, user.id, 'setup');
    return { user, workspace, role: 'owner' as Role, token: token.token };
  });
}

export async function isSetUp(deps: ServiceDeps): Promise<boolean> {
  return (await accounts.countUsers(deps.store.db)) > 0;
}

/**
 * Verifies a password; the same work is done for unknown emails so timing reveals nothing. A
 * deactivated user is refused with the same words as a wrong password, so no one learns who left.
 */
export async function checkPassword(deps: ServiceDeps, email: string, password: string): Promise<User> {
  const user = await accounts.findUserByEmail(deps.store.db, email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || user.deactivatedAt) throw new AppError('unauthorized', 'wrong email or password');
  return user;
}

export async function login(deps: ServiceDeps, email: string, password: string) {
  const user = await checkPassword(deps, email, password);
  const workspaces = await accounts.workspacesOf(deps.store.db, user.id);
  const workspace = workspaces[0];
  if (!workspace) throw new AppError('unauthorized', 'this user belongs to no workspace');
  const sessionId = newSecret('', 32);
  const csrfToken = newSecret('', 24);
  const now = deps.clock();
  await accounts.insertSession(deps.store.db, sha256(sessionId), {
    userId: user.id, workspaceId: workspace.id, csrfToken, expiresAt: formatInstant(now + SESSION_DAYS * 86_400_000),
  }, formatInstant(now));
  return { sessionId, csrfToken, user, workspace };
}

export async function logout(deps: ServiceDeps, sessionId: string): Promise<void> {
  await accounts.deleteSession(deps.store.db, sha256(sessionId));
}

export async function authenticateToken(deps: ServiceDeps, token: string): Promise<Actor | null> {
  return accounts.findTokenActor(deps.store.db, sha256(token));
}

export async function authenticateSession(deps: ServiceDeps, sessionId: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const session = await accounts.findSessionActor(deps.store.db, sha256(sessionId));
  if (!session || session.expiresAt < formatInstant(deps.clock())) return null;
  return { actor: session.actor, csrfToken: session.csrfToken };
}

export async function switchSessionWorkspace(deps: ServiceDeps, sessionId: string, actor: Actor, workspaceId: string): Promise<void> {
  const role = await accounts.findMembership(deps.store.db, workspaceId, actor.user.id);
  if (!role) throw AppError.notFound('workspace');
  await accounts.updateSessionWorkspace(deps.store.db, sha256(sessionId), workspaceId);
}

export async function createToken(deps: ServiceDeps, actor: Actor, name: string) {
  const token = await issueToken(deps, deps.store.db, actor.workspace.id, actor.user.id, name);
  return { id: token.id, name: token.name, token: token.token, createdAt: token.createdAt };
}

export function listTokens(deps: ServiceDeps, actor: Actor) {
  return accounts.listTokens(deps.store.db, actor.workspace.id, actor.user.id);
}

export async function revokeToken(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  if (!(await accounts.deleteToken(deps.store.db, actor.workspace.id, actor.user.id, id))) throw AppError.notFound('token');
}

export interface NewUserInput { email: string; password: string; name: string; role: Role; timeZone?: string | undefined }

export async function addUser(deps: ServiceDeps, actor: Actor, input: NewUserInput) {
  requirePermission(actor, 'manageUsers');
  if (input.role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'only an owner can add another owner');
  const passwordHash = await hashPassword(input.password);
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    if (await accounts.findUserByEmail(trx, input.email)) throw new AppError('conflict', 'a user with that email already exists', [{ path: 'email', message: 'already in use' }]);
    const user = newUser({ email: input.email, name: input.name, timeZone: input.timeZone ?? actor.workspace.timeZone }, passwordHash, nowIso);
    await accounts.insertUser(trx, user, unseenIcalHash());
    await accounts.addMembership(trx, actor.workspace.id, user.id, input.role, nowIso);
    return { ...user, role: input.role };
  });
}

export function listUsers(deps: ServiceDeps, actor: Actor) {
  return accounts.usersOfWorkspace(deps.store.db, actor.workspace.id);
}

export async function createWorkspace(deps: ServiceDeps, actor: Actor, input: { name: string; timeZone: string }) {
  const nowIso = formatInstant(deps.clock());
  return deps.store.db.transaction().execute(async (trx) => {
    const workspace: Workspace = { id: newId(), name: input.name, timeZone: assertTimeZone(input.timeZone, 'timeZone'), settings: {}, createdAt: nowIso };
    await accounts.insertWorkspace(trx, workspace);
    await accounts.addMembership(trx, workspace.id, actor.user.id, 'owner', nowIso);
    const token = await issueToken(deps, trx, workspace.id, actor.user.id, `workspace ${input.name}`);
    return { workspace, token: token.token };
  });
}

export type UserProfile = Pick<User, 'phone' | 'signature' | 'reminderMinutes'>;

type MePatch = Partial<Pick<User, 'name' | 'timeZone' | 'workFrom' | 'workTo' | 'workDays' | 'phone' | 'signature' | 'reminderMinutes'>>;

/**
 * Your own settings. A phone number or signature added now also fills the placeholders it left in
 * your open call scripts, and wakes the emails held for it so they go out at once.
 */
export async function updateMe(deps: ServiceDeps, actor: Actor, patch: MePatch): Promise<User> {
  const user: User = { ...actor.user, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  if (user.workFrom >= user.workTo) throw AppError.invalid('workTo', 'must be after workFrom');
  return deps.store.db.transaction().execute(async (trx) => {
    await accounts.updateUser(trx, user);
    if (patch.phone !== undefined || patch.signature !== undefined || patch.name !== undefined) {
      await fillProfilePlaceholders(trx, { ...actor, user }, deps.clock());
    }
    return user;
  });
}

/** A new feed link; the old one stops working. Only the hash is stored, so the link is shown now or never. */
export async function rotateIcalSecret(deps: ServiceDeps, actor: Actor): Promise<{ secret: string; createdAt: string }> {
  const secret = newSecret('', 24);
  const createdAt = formatInstant(deps.clock());
  await accounts.setIcalSecretHash(deps.store.db, actor.user.id, sha256(secret), createdAt);
  return { secret, createdAt };
}

export function workspacesOf(deps: ServiceDeps, actor: Actor) {
  return accounts.workspacesOf(deps.store.db, actor.user.id);
}

export function icalUrl(deps: ServiceDeps, secret: string): string {
  return `${deps.baseUrl.replace(/\/$/, '')}/ical/${secret}.ics`;
}

/**
 * The CLI acts as a named user (or the first owner) in one of their workspaces (or their first):
 * local access to the database is already full trust, so no password is asked.
 */
export async function localActor(deps: ServiceDeps, email?: string, workspaceId?: string): Promise<Actor> {
  let user: User | null;
  if (email) {
    user = await accounts.findUserByEmail(deps.store.db, email);
    if (!user) throw AppError.invalid('user', `no user with email ${email}`);
  } else {
    const firstOwner = await accounts.firstOwnerOfInstance(deps.store.db);
    user = firstOwner ? await accounts.findUserById(deps.store.db, firstOwner) : null;
    if (!user) throw new AppError('unauthorized', 'no users yet: run `followthrough setup` (or `followthrough demo`) first');
  }
  const workspaces = await accounts.workspacesOf(deps.store.db, user.id);
  const workspace = workspaceId ? workspaces.find((w) => w.id === workspaceId) : workspaces[0];
  if (!workspace) throw AppError.invalid('workspace', workspaceId ? `${user.email} is not a member of workspace ${workspaceId}` : `${user.email} belongs to no workspace`);
  return { user, workspace, role: workspace.role };
}

export async function updateWorkspaceSettings(deps: ServiceDeps, actor: Actor, patch: WorkspaceSettingsPatch): Promise<Workspace> {
  requirePermission(actor, 'manageWorkspace');
  if (patch.membersMay !== undefined) requirePermission(actor, 'allowMembers');
  const settings = patchedSettings(actor.workspace, patch);
  await accounts.updateWorkspaceSettings(deps.store.db, actor.workspace.id, settings);
  return { ...actor.workspace, settings };
}
