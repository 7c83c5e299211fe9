import { describe, expect, it } from 'vitest';
import { memberGrantableActions, noMemberGrants, permissionActions, type MembersMay } from '../shared/permissions.js';
import { roles } from '../shared/vocabulary.js';
import { assertMay, may, permissionsOf, refusalFor } from './permissions.js';

const allGranted: MembersMay = { deletePlaybooks: true, eraseContacts: true, exportWorkspace: true };

describe('may: who may do what in a workspace', () => {
  it('an owner may do everything, whatever members are allowed', () => {
    for (const action of permissionActions) {
      expect(may('owner', action, noMemberGrants), action).toBe(true);
      expect(may('owner', action, allGranted), action).toBe(true);
    }
  });

  it('an admin may do everything but decide what members may do and read the account audit log', () => {
    for (const action of permissionActions) expect(may('admin', action, noMemberGrants), action).toBe(action !== 'allowMembers' && action !== 'readAuditLog');
    expect(may('admin', 'allowMembers', allGranted)).toBe(false);
    expect(refusalFor('readAuditLog')).toBe('only an owner can read this workspace\'s audit log');
  });

  it('by default a member may not delete workspace playbooks, erase contacts or export the workspace', () => {
    for (const action of memberGrantableActions) expect(may('member', action, noMemberGrants), action).toBe(false);
  });

  it('an owner allows members each act on its own', () => {
    for (const action of memberGrantableActions) {
      const grants = { ...noMemberGrants, [action]: true };
      for (const other of memberGrantableActions) expect(may('member', other, grants), `${action} allows ${other}`).toBe(other === action);
    }
  });

  it('no setting lets a member manage users, change workspace rules or decide what members may do', () => {
    for (const action of ['manageUsers', 'manageWorkspace', 'allowMembers'] as const) expect(may('member', action, allGranted), action).toBe(false);
  });

  it('permissionsOf reports every action, each as may decides', () => {
    for (const role of roles) {
      for (const grants of [noMemberGrants, allGranted, { ...noMemberGrants, eraseContacts: true }]) {
        const permissions = permissionsOf(role, grants);
        expect(Object.keys(permissions).sort()).toEqual([...permissionActions].sort());
        for (const action of permissionActions) expect(permissions[action]).toBe(may(role, action, grants));
      }
    }
  });

  it('the refusal says who may do it and, for what members can be allowed, where an owner allows it', () => {
    expect(refusalFor('eraseContacts')).toBe('only an owner or admin can erase contacts in this workspace; an owner can allow members in Settings → Workspace rules');
    expect(refusalFor('exportWorkspace')).toBe('only an owner or admin can export this workspace; an owner can allow members in Settings → Workspace rules');
    expect(refusalFor('manageUsers')).toBe('only an owner or admin can add users to this workspace');
    expect(refusalFor('allowMembers')).toBe('only an owner can change what members may do in this workspace');
  });

  it('assertMay throws a forbidden AppError with that refusal, and passes silently when allowed', () => {
    expect(() => assertMay('member', 'exportWorkspace', noMemberGrants)).toThrow(expect.objectContaining({ code: 'forbidden', message: refusalFor('exportWorkspace') }));
    expect(() => assertMay('member', 'exportWorkspace', { ...noMemberGrants, exportWorkspace: true })).not.toThrow();
    expect(() => assertMay('admin', 'deletePlaybooks', noMemberGrants)).not.toThrow();
  });
});
