import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalFor } from '../../src/core/permissions.js';
import type { MembersMay, Permissions } from '../../src/shared/permissions.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';

const PASSWORD = 'correct horse battery';
const ALLOW_HINT = 'an owner can allow members in Settings → Workspace rules';

const playbook = (key: string) => ({
  key, name: `Playbook ${key}`, description: 'Two calls', kind: 'service', maxTouches: 4, timeBudgetMinutes: 60, exitOn: ['replied', 'outcome'],
  steps: [{ id: 'first', type: 'call', channel: 'call', title: 'Call', script: 'Hi {{contact.firstName}}', wait: { amount: 1, unit: 'business-days' }, branches: {}, next: 'end', estimatedMinutes: 5 }],
});

const EXPORTS = ['/api/v1/export', '/api/v1/export/contacts.csv', '/api/v1/export/interactions.csv', '/api/v1/export/newsletter.csv'];

/** `followthrough export` as a user of the app's database, as an operator would run it. */
function cliExport(databaseUrl: string, email: string, out: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--user', email, 'export', '--out', out], {
      cwd: process.cwd(), env: { ...process.env, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' }, timeout: 120_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.stdout.resume();
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

describe.each(testDialects())('issue 12 finding 8: roles on %s', { timeout: 120_000 }, (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let admin: ApiClient;
  let member: ApiClient;
  let dir: string;

  /** A user of the owner's workspace with the role, and a client acting as them through their own API token. */
  async function userWith(role: 'admin' | 'member'): Promise<ApiClient> {
    const email = `${role}@roles.example`;
    expect((await owner.post('/api/v1/users', { email, password: PASSWORD, name: `A ${role}`, role })).status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session');
    if (!cookie) throw new Error('no session cookie');
    const made = await t.app.inject({
      method: 'POST', url: '/api/v1/tokens', payload: { name: 'roles test' },
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
    });
    expect(made.statusCode, made.body).toBe(201);
    return client(t.app, made.json<{ token: string }>().token);
  }

  async function allowMembers(grants: Partial<MembersMay>): Promise<void> {
    const response = await owner.patch<{ membersMay: MembersMay }>('/api/v1/workspace/settings', { membersMay: grants });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  const newPlaybook = async (key: string): Promise<string> => {
    const created = await owner.post<{ id: string }>('/api/v1/playbooks', playbook(key));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };

  let contactSeq = 0;
  const newContact = async (): Promise<string> => {
    const created = await owner.post<{ id: string }>('/api/v1/contacts', { name: `Erin Erasable ${++contactSeq}`, email: `erin${contactSeq}@roles.example`, timeZone: 'Europe/London' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };

  /** A refusal that changes nothing: 403 problem JSON with the words, and every table as it was. */
  async function expectRefusedUnchanged(act: () => Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>, refusal: string): Promise<void> {
    const before = await snapshotDatabase(t.store.db);
    const problem = expectProblem(await act(), 403, '/forbidden');
    expect(problem.detail).toBe(refusal);
    expect(await snapshotDatabase(t.store.db)).toEqual(before);
  }

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect));
    admin = await userWith('admin');
    member = await userWith('member');
    dir = await mkdtemp(join(tmpdir(), 'ft-roles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await closeAll(t);
  });

  describe('deleting a workspace playbook', () => {
    it('is refused to a member (403 saying who may, and how members can be allowed), and the playbook stays', async () => {
      const id = await newPlaybook('kept');
      await expectRefusedUnchanged(() => member.delete(`/api/v1/playbooks/${id}`), refusalFor('deletePlaybooks'));
      expect(refusalFor('deletePlaybooks')).toContain(ALLOW_HINT);
      expect((await owner.get(`/api/v1/playbooks/${id}`)).status).toBe(200);
    });

    it('an admin and an owner delete one', async () => {
      for (const [who, api] of [['admin', admin], ['owner', owner]] as const) {
        const id = await newPlaybook(`by-${who}`);
        expect((await api.delete(`/api/v1/playbooks/${id}`)).status, who).toBe(204);
        expect((await owner.get(`/api/v1/playbooks/${id}`)).status, who).toBe(404);
      }
    });

    it('a member deletes one once the owner allows members, and only that', async () => {
      await allowMembers({ deletePlaybooks: true });
      try {
        const id = await newPlaybook('by-member');
        expect((await member.delete(`/api/v1/playbooks/${id}`)).status).toBe(204);
        expect((await owner.get(`/api/v1/playbooks/${id}`)).status).toBe(404);
        const contact = await newContact();
        expectProblem(await member.delete(`/api/v1/contacts/${contact}`), 403);
      } finally {
        await allowMembers({ deletePlaybooks: false });
      }
    });
  });

  describe('erasing a contact', () => {
    it('is refused to a member (403 with the words), and the contact and their history stay', async () => {
      const id = await newContact();
      expect((await owner.post('/api/v1/interactions', { contactId: id, channel: 'call', direction: 'out', result: 'no-answer' })).status).toBe(201);
      await expectRefusedUnchanged(() => member.delete(`/api/v1/contacts/${id}`), refusalFor('eraseContacts'));
      expect(refusalFor('eraseContacts')).toBe(`only an owner or admin can erase contacts in this workspace; ${ALLOW_HINT}`);
      expect((await member.get(`/api/v1/contacts/${id}`)).status).toBe(200);
    });

    it('an admin and an owner erase one', async () => {
      for (const [who, api] of [['admin', admin], ['owner', owner]] as const) {
        const id = await newContact();
        expect((await api.delete(`/api/v1/contacts/${id}`)).status, who).toBe(204);
        expect((await owner.get(`/api/v1/contacts/${id}`)).status, who).toBe(404);
      }
    });

    it('a member erases one once the owner allows members', async () => {
      await allowMembers({ eraseContacts: true });
      try {
        const id = await newContact();
        expect((await member.delete(`/api/v1/contacts/${id}`)).status).toBe(204);
        expect((await owner.get(`/api/v1/contacts/${id}`)).status).toBe(404);
      } finally {
        await allowMembers({ eraseContacts: false });
      }
    });
  });

  describe('exporting the workspace', () => {
    it('is refused to a member on every export (403 problem JSON, no attachment)', async () => {
      await newContact();
      for (const path of EXPORTS) {
        const response = await member.get(path);
        const problem = expectProblem(response, 403, '/forbidden');
        expect(problem.detail, path).toBe(refusalFor('exportWorkspace'));
        expect(response.headers['content-disposition'], path).toBeUndefined();
      }
    });

    it('an admin and an owner export', async () => {
      for (const [who, api] of [['admin', admin], ['owner', owner]] as const) {
        for (const path of EXPORTS) {
          const response = await api.get(path);
          expect(response.status, `${who} ${path}`).toBe(200);
          expect(String(response.headers['content-disposition']), `${who} ${path}`).toMatch(/^attachment/);
        }
        expect((await api.get<{ contacts: unknown[] }>('/api/v1/export')).body.contacts.length, who).toBeGreaterThan(0);
      }
    });

    it('`followthrough export` as a member is refused and writes no file; as the owner it writes one', async () => {
      const refused = await cliExport(t.url, 'member@roles.example', join(dir, 'member.json'));
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(refusalFor('exportWorkspace'));
      expect(await readdir(dir)).toEqual([]);
      const done = await cliExport(t.url, 'owner@example.com', join(dir, 'owner.json'));
      expect(done.status, done.stderr).toBe(0);
      expect(JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8'))).toMatchObject({ format: 'followthrough-export' });
    });

    it('a member exports once the owner allows members', async () => {
      await allowMembers({ exportWorkspace: true });
      try {
        for (const path of EXPORTS) expect((await member.get(path)).status, path).toBe(200);
      } finally {
        await allowMembers({ exportWorkspace: false });
      }
    });
  });

  describe('GET /me permissions', () => {
    const permissionsOf = async (api: ApiClient) => (await api.get<{ permissions: Permissions }>('/api/v1/me')).body.permissions;

    it('match each role', async () => {
      expect(await permissionsOf(owner)).toEqual({ deletePlaybooks: true, eraseContacts: true, exportWorkspace: true, manageUsers: true, manageWorkspace: true, viewTeam: true, allowMembers: true, readAuditLog: true });
      expect(await permissionsOf(admin)).toEqual({ deletePlaybooks: true, eraseContacts: true, exportWorkspace: true, manageUsers: true, manageWorkspace: true, viewTeam: true, allowMembers: false, readAuditLog: false });
      expect(await permissionsOf(member)).toEqual({ deletePlaybooks: false, eraseContacts: false, exportWorkspace: false, manageUsers: false, manageWorkspace: false, viewTeam: false, allowMembers: false, readAuditLog: false });
    });

    it('follow what the owner allows members', async () => {
      await allowMembers({ eraseContacts: true, exportWorkspace: true });
      try {
        expect(await permissionsOf(member)).toMatchObject({ deletePlaybooks: false, eraseContacts: true, exportWorkspace: true, manageUsers: false, manageWorkspace: false });
      } finally {
        await allowMembers({ eraseContacts: false, exportWorkspace: false });
      }
      expect(await permissionsOf(member)).toMatchObject({ eraseContacts: false, exportWorkspace: false });
    });
  });

  describe('the workspace setting membersMay', () => {
    it('is all false by default, and a patch changes only the switches it names', async () => {
      expect((await owner.get<{ membersMay: MembersMay }>('/api/v1/workspace/settings')).body.membersMay).toEqual({ deletePlaybooks: false, eraseContacts: false, exportWorkspace: false });
      await allowMembers({ eraseContacts: true });
      await allowMembers({ exportWorkspace: true });
      try {
        expect((await member.get<{ membersMay: MembersMay }>('/api/v1/workspace/settings')).body.membersMay).toEqual({ deletePlaybooks: false, eraseContacts: true, exportWorkspace: true });
      } finally {
        await allowMembers({ eraseContacts: false, exportWorkspace: false });
      }
    });

    it('only an owner changes it: an admin and a member get 403 and nothing changes', async () => {
      await expectRefusedUnchanged(() => admin.patch('/api/v1/workspace/settings', { membersMay: { eraseContacts: true } }), refusalFor('allowMembers'));
      await expectRefusedUnchanged(() => member.patch('/api/v1/workspace/settings', { membersMay: { eraseContacts: true } }), refusalFor('manageWorkspace'));
      expect((await admin.patch('/api/v1/workspace/settings', { allowMultipleEnrollments: false })).status).toBe(200);
    });

    it('refuses a switch that is not true or false, or one that does not exist (400 naming it), and changes nothing', async () => {
      const before = await snapshotDatabase(t.store.db);
      const wrongType = expectProblem(await owner.patch('/api/v1/workspace/settings', { membersMay: { eraseContacts: 'yes' } }), 400);
      expect(problemPaths(wrongType)).toEqual(['membersMay.eraseContacts']);
      expect(wrongType.detail).toMatch(/^Members may erase contacts/);
      const unknown = expectProblem(await owner.patch('/api/v1/workspace/settings', { membersMay: { manageUsers: true } }), 400);
      expect(problemPaths(unknown)[0]).toMatch(/^membersMay/);
      expect(await snapshotDatabase(t.store.db)).toEqual(before);
    });
  });
});
