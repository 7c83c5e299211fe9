import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActor } from '../../src/services/accounts.js';
import { actorForMessage } from '../../src/services/actors.js';
import * as accounts from '../../src/store/accounts.js';
import { newId } from '../../src/store/ids.js';
import { setUpOwner, startTestApp, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

/**
 * Issue 11 item 4: mail with no salesperson (a workspace mailbox's replies, a row whose salesperson
 * left) is handled as "the workspace's first owner" — the first owner by join time, not the earliest
 * member of any role, which is what the code did while the comment said otherwise.
 */
describe.each(testDialects())('who acts for mail with no salesperson on %s', (dialect) => {
  let t: TestApp;
  let workspaceId: string;
  let ownerId: string;
  const user = async (name: string, role: 'owner' | 'admin' | 'member', joinedAt: string): Promise<string> => {
    const id = newId();
    await accounts.insertUser(t.store.db, {
      id, email: `${name.toLowerCase()}@example.com`, name, passwordHash: 'x', timeZone: 'Europe/London',
      workFrom: '09:00', workTo: '17:00', workDays: [1, 2, 3, 4, 5], createdAt: joinedAt,
    }, `hash-${id}`);
    await accounts.addMembership(t.store.db, workspaceId, id, role, joinedAt);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    ({ workspaceId, userId: ownerId } = await setUpOwner(t.app));
  });
  afterAll(async () => { await t.close(); });

  it('is the first owner by join time, though a member and an admin joined before them', async () => {
    const memberId = await user('Early Member', 'member', '2020-01-01T00:00:00.000Z');
    await user('Early Admin', 'admin', '2020-06-01T00:00:00.000Z');
    await user('Later Owner', 'owner', '2030-01-01T00:00:00.000Z');

    expect(await accounts.firstOwnerOf(t.store.db, workspaceId)).toBe(ownerId);
    const workspaceMail = await actorForMessage(t.store.db, { workspaceId, userId: null });
    expect(workspaceMail).toMatchObject({ user: { id: ownerId }, role: 'owner', workspace: { id: workspaceId } });
    // The row's own salesperson acts while they are a member; someone who is not falls back to the first owner.
    expect(await actorForMessage(t.store.db, { workspaceId, userId: memberId })).toMatchObject({ user: { id: memberId }, role: 'member' });
    expect(await actorForMessage(t.store.db, { workspaceId, userId: 'no-such-user' })).toMatchObject({ user: { id: ownerId }, role: 'owner' });
    // The CLI's default user is the same rule across the instance.
    expect((await localActor(t.deps)).user.id).toBe(ownerId);
  });

  it('an owner who joined earlier than the first one set up comes first', async () => {
    const earliest = await user('Founding Owner', 'owner', '2019-01-01T00:00:00.000Z');
    expect(await accounts.firstOwnerOf(t.store.db, workspaceId)).toBe(earliest);
    expect(await actorForMessage(t.store.db, { workspaceId, userId: null })).toMatchObject({ user: { id: earliest }, role: 'owner' });
  });

  it('is nobody in a workspace that does not exist', async () => {
    expect(await actorForMessage(t.store.db, { workspaceId: 'nowhere', userId: null })).toBeNull();
  });
});
