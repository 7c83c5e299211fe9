import { z } from 'zod';

/**
 * What a role may do in a workspace, as the API reports it (GET /me `permissions`) and the web app
 * reads it. The rule itself is src/core/permissions.ts `may`; these are only the names and shapes
 * the server, the CLI and the web app agree on.
 */

/** Actions an owner or admin may do, which an owner can also allow members (workspace setting `membersMay`). */
export const memberGrantableActions = ['deletePlaybooks', 'eraseContacts', 'exportWorkspace'] as const;
export type MemberGrantableAction = (typeof memberGrantableActions)[number];

/** Every action a role decides: the grantable ones, then what stays with owners and admins, then what only an owner does. */
export const permissionActions = [...memberGrantableActions, 'manageUsers', 'manageWorkspace', 'viewTeam', 'allowMembers', 'readAuditLog'] as const;
export type PermissionAction = (typeof permissionActions)[number];

/** The workspace setting: which of the grantable actions members may do too (all false by default). */
export const membersMaySchema = z.strictObject({
  deletePlaybooks: z.boolean().describe('members may delete the workspace\'s own playbooks'),
  eraseContacts: z.boolean().describe('members may erase a contact and everything about them'),
  exportWorkspace: z.boolean().describe('members may export the whole workspace (JSON, contacts, interactions, newsletter list)'),
});
export type MembersMay = z.infer<typeof membersMaySchema>;

export const noMemberGrants: MembersMay = { deletePlaybooks: false, eraseContacts: false, exportWorkspace: false };

export const permissionsSchema = z.object({
  deletePlaybooks: z.boolean().describe('may delete the workspace\'s own playbooks'),
  eraseContacts: z.boolean().describe('may erase a contact and everything about them'),
  exportWorkspace: z.boolean().describe('may export the whole workspace'),
  manageUsers: z.boolean().describe('may add users to the workspace'),
  manageWorkspace: z.boolean().describe('may change the workspace rules and the workspace mailbox'),
  viewTeam: z.boolean().describe('may see every member\'s figures in the manager\'s view (GET /team); members see their own'),
  allowMembers: z.boolean().describe('may change what members may do (the workspace setting membersMay): owners only'),
  readAuditLog: z.boolean().describe('may read the workspace\'s account audit log: owners only'),
}).describe('what the caller may do in this workspace, for their role and the workspace\'s settings');
export type Permissions = z.infer<typeof permissionsSchema>;
