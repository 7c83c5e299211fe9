import { assertMay, permissionsOf } from '../core/permissions.js';
import type { PermissionAction, Permissions } from '../shared/permissions.js';
import type { Actor } from './deps.js';
import { settingsOf } from './workspaceRules.js';

/**
 * The services' door to core/permissions.ts: the actor's role against their workspace's
 * `membersMay` setting. Services call this before they read or change anything, so a refusal
 * (403) leaves everything as it was.
 */
export function requirePermission(actor: Actor, action: PermissionAction): void {
  assertMay(actor.role, action, settingsOf(actor.workspace).membersMay);
}

/** What the actor may do here, for GET /me: the same rule, every action at once. */
export function permissionsFor(actor: Actor): Permissions {
  return permissionsOf(actor.role, settingsOf(actor.workspace).membersMay);
}
