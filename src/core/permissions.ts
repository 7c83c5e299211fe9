import {
  memberGrantableActions, permissionActions, type MemberGrantableAction, type MembersMay, type PermissionAction, type Permissions,
} from '../shared/permissions.js';
import type { Role } from '../shared/vocabulary.js';
import { AppError } from './errors.js';

/**
 * Who may do what in a workspace: the one rule. Services ask it before acting (through
 * services/permissions.ts), GET /me reports it to the web app, which hides what a role cannot do.
 *
 * - An owner may do everything, and alone decides what members may do: appointing who may erase
 *   or export everything is a decision about the workspace's data, which is the owner's.
 * - An admin may do everything but that, and but read the account audit log (who added, reset and
 *   deactivated whom, admins' own acts included).
 * - A member does the sales work (contacts, touches, follow-ups, imports, creating and editing
 *   playbooks) but, unless an owner allows it, none of the three irreversible or wholesale acts:
 *   deleting a workspace playbook, erasing a contact, exporting the whole workspace.
 */
export function may(role: Role, action: PermissionAction, membersMay: MembersMay): boolean {
  if (role === 'owner') return true;
  if (ownerOnly.has(action)) return false;
  if (role === 'admin') return true;
  return isGrantable(action) && membersMay[action];
}

const ownerOnly: ReadonlySet<PermissionAction> = new Set<PermissionAction>(['allowMembers', 'readAuditLog']);

const isGrantable = (action: PermissionAction): action is MemberGrantableAction =>
  (memberGrantableActions as readonly string[]).includes(action);

/** Every action at once, for GET /me. */
export function permissionsOf(role: Role, membersMay: MembersMay): Permissions {
  return Object.fromEntries(permissionActions.map((action) => [action, may(role, action, membersMay)])) as Permissions;
}

const WHAT: Record<PermissionAction, string> = {
  deletePlaybooks: 'delete this workspace\'s playbooks',
  eraseContacts: 'erase contacts in this workspace',
  exportWorkspace: 'export this workspace',
  manageUsers: 'add users to this workspace',
  manageWorkspace: 'change this workspace\'s rules',
  viewTeam: 'see other salespeople\'s figures',
  allowMembers: 'change what members may do in this workspace',
  readAuditLog: 'read this workspace\'s audit log',
};

/** The refusal says who may do it, and for the grantable acts, how a member can be allowed. */
export function refusalFor(action: PermissionAction): string {
  if (ownerOnly.has(action)) return `only an owner can ${WHAT[action]}`;
  const who = `only an owner or admin can ${WHAT[action]}`;
  return isGrantable(action) ? `${who}; an owner can allow members in Settings → Workspace rules` : who;
}

/** Refuses (403, nothing changed) unless the role may. */
export function assertMay(role: Role, action: PermissionAction, membersMay: MembersMay): void {
  if (!may(role, action, membersMay)) throw new AppError('forbidden', refusalFor(action));
}
