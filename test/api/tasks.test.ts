import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agenda } from '../../src/services/agenda.js';
import type { TaskView } from '../../src/shared/tasks.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { memberOf } from '../helpers/teamMembers.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

const NOW = '2026-12-07T09:00:00Z'; // Monday: 10:00 in Berlin, 01:00 in Los Angeles
type List<T> = { items: T[] };

/** Issue 16 item 6: tasks that belong to no contact, with due dates, on Today. */
describe.each(testDialects())('tasks on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW, owner: { timeZone: 'Europe/Berlin' } }));
  });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(NOW); });

  async function workspace(zone = 'Europe/Berlin'): Promise<ApiClient> {
    const api = await newWorkspace(t, owner, zone);
    await api.patch('/api/v1/me', { timeZone: zone });
    return api;
  }

  const add = async (api: ApiClient, body: Record<string, unknown>): Promise<TaskView> => {
    const created = await api.post<TaskView>('/api/v1/tasks', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const agenda = async (api: ApiClient, date?: string): Promise<Agenda> => {
    const got = await api.get<Agenda>(`/api/v1/agenda${date ? `?date=${date}` : ''}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    return got.body;
  };
  const listed = async (api: ApiClient, query = ''): Promise<TaskView[]> => {
    const got = await api.get<List<TaskView>>(`/api/v1/tasks${query}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    return got.body.items;
  };

  describe('create, read, change, complete, remove', () => {
    it('keeps a task that belongs to no contact, and lists open ones by default', async () => {
      const api = await workspace();
      const task = await add(api, { title: 'Prepare the proposal', due: '2026-12-08', notes: 'pricing for 40 seats' });
      expect(task).toMatchObject({ title: 'Prepare the proposal', due: '2026-12-08', dueTime: null, timeZone: null, dueAt: null, contactId: null, done: false, doneAt: null, notes: 'pricing for 40 seats' });
      expect((await api.get<TaskView>(`/api/v1/tasks/${task.id}`)).body).toEqual(task);
      const timed = await add(api, { title: 'Send the contract', due: '2026-12-08', dueTime: '14:30' });
      expect(timed).toMatchObject({ dueTime: '14:30', timeZone: 'Europe/Berlin', dueAt: '2026-12-08T13:30:00.000Z' });
      expect((await listed(api)).map((x) => x.id)).toEqual([timed.id, task.id]);

      const done = await api.patch<TaskView>(`/api/v1/tasks/${task.id}`, { done: true });
      expect(done.body).toMatchObject({ done: true, doneAt: '2026-12-07T09:00:00.000Z' });
      expect((await listed(api)).map((x) => x.id)).toEqual([timed.id]);
      expect((await listed(api, '?status=done')).map((x) => x.id)).toEqual([task.id]);
      expect((await listed(api, '?status=all')).map((x) => x.id)).toEqual([timed.id, task.id]);
      const reopened = await api.patch<TaskView>(`/api/v1/tasks/${task.id}`, { done: false, title: 'Prepare the proposal (v2)', due: '2026-12-09' });
      expect(reopened.body).toMatchObject({ done: false, doneAt: null, title: 'Prepare the proposal (v2)', due: '2026-12-09' });
      expect((await listed(api, '?due=2026-12-08')).map((x) => x.id)).toEqual([timed.id]);
      const untimed = await api.patch<TaskView>(`/api/v1/tasks/${timed.id}`, { dueTime: null });
      expect(untimed.body).toMatchObject({ dueTime: null, timeZone: null, dueAt: null });

      expect((await api.delete(`/api/v1/tasks/${task.id}`)).status).toBe(204);
      expect((await api.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
      expect((await api.delete(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    });

    it('may name a contact of the workspace, and no other', async () => {
      const api = await workspace();
      const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Clara Jung', timeZone: 'Europe/Berlin' });
      const task = await add(api, { title: 'Send Clara the case study', due: '2026-12-07', contactId: contact.body.id });
      expect(task.contactId).toBe(contact.body.id);
      const other = await workspace();
      const refused = expectProblem(await other.post('/api/v1/tasks', { title: 'x', due: '2026-12-07', contactId: contact.body.id }), 400);
      expect(problemPaths(refused)).toEqual(['contactId']);
      // Erasing the contact keeps the task, the salesperson's own work, without the link.
      expect((await api.delete(`/api/v1/contacts/${contact.body.id}`)).status).toBe(204);
      expect((await api.get<TaskView>(`/api/v1/tasks/${task.id}`)).body).toMatchObject({ title: 'Send Clara the case study', contactId: null });
    });

    it('honours Idempotency-Key: the same POST again adds nothing and answers the same', async () => {
      const api = await workspace();
      const send = () => t.app.inject({
        method: 'POST', url: '/api/v1/tasks', payload: { title: 'Send the brochure', due: '2026-12-07' },
        headers: { authorization: `Bearer ${api.token}`, 'idempotency-key': 'task-once-1' },
      });
      const first = await send();
      const again = await send();
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(await listed(api)).toHaveLength(1);
    });
  });

  describe('refuses bad input, naming the field, and saves nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['no title', { due: '2026-12-07' }, 'title', /^The task is required/],
      ['a blank title', { title: '   ', due: '2026-12-07' }, 'title', /^The task is required/],
      ['no due date', { title: 'Prepare' }, 'due', /^The due date is required/],
      ['a due date in another form', { title: 'Prepare', due: '07/12/2026' }, 'due', /^The due date must be a date like 2026-12-31\.$/],
      ['a due date that does not exist', { title: 'Prepare', due: '2026-02-30' }, 'due', /^The due date must be a date like 2026-12-31\.$/],
      ['a due time that is not one', { title: 'Prepare', due: '2026-12-07', dueTime: '25:00' }, 'dueTime', /^The due time must be a time like 14:30\.$/],
      ['an unknown zone', { title: 'Prepare', due: '2026-12-07', dueTime: '10:00', timeZone: 'Mars/Olympus' }, 'timeZone', /^The time zone/],
      ['a field we do not know', { title: 'Prepare', due: '2026-12-07', priority: 'high' }, 'body', /priority/],
    ];
    it.each(cases)('%s', async (_name, body, path, message) => {
      const api = await workspace();
      const problem = expectProblem(await api.post('/api/v1/tasks', body), 400);
      expect(problemPaths(problem)).toEqual([path]);
      expect(problem.errors?.[0]?.message).toMatch(message);
      expect(problem.detail).not.toMatch(/Job title/);
      expect(await listed(api, '?status=all')).toEqual([]);
    });

    it('on a change too, and the task stays as it was', async () => {
      const api = await workspace();
      const task = await add(api, { title: 'Prepare the proposal', due: '2026-12-08' });
      for (const [body, path] of [[{ due: '2026-13-01' }, 'due'], [{ title: '' }, 'title'], [{ done: 'yes' }, 'done']] as const) {
        const problem = expectProblem(await api.patch(`/api/v1/tasks/${task.id}`, body), 400);
        expect(problemPaths(problem)).toEqual([path]);
      }
      expect((await api.get<TaskView>(`/api/v1/tasks/${task.id}`)).body).toEqual(task);
      expectProblem(await api.get('/api/v1/tasks?due=tomorrow'), 400);
    });
  });

  describe('who sees and changes what', () => {
    it('never across workspaces', async () => {
      const a = await workspace();
      const b = await workspace();
      const task = await add(a, { title: 'Prepare the proposal', due: '2026-12-07' });
      expect((await b.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
      expect((await b.patch(`/api/v1/tasks/${task.id}`, { done: true })).status).toBe(404);
      expect((await b.delete(`/api/v1/tasks/${task.id}`)).status).toBe(404);
      expect(await listed(b, '?status=all')).toEqual([]);
      expect((await agenda(b)).tasks).toEqual([]);
      expect((await a.get<TaskView>(`/api/v1/tasks/${task.id}`)).body.done).toBe(false);
    });

    it('a member sees and changes only their own; owners and admins give tasks to others and see them', async () => {
      const api = await workspace();
      const member = await memberOf(t, api);
      const admin = await memberOf(t, api, 'admin');
      const mine = await add(member.api, { title: 'My own task', due: '2026-12-07' });
      const given = await add(api, { title: 'For Mia', due: '2026-12-07', ownerId: member.id });
      expect(given.ownerId).toBe(member.id);
      const ownersOwn = await add(api, { title: 'The owner\'s task', due: '2026-12-07' });

      expect((await listed(member.api)).map((x) => x.id).sort()).toEqual([mine.id, given.id].sort());
      expect((await agenda(member.api)).tasks?.map((x) => x.id).sort()).toEqual([mine.id, given.id].sort());
      expect((await member.api.get(`/api/v1/tasks/${ownersOwn.id}`)).status).toBe(404);
      expect((await member.api.patch(`/api/v1/tasks/${ownersOwn.id}`, { done: true })).status).toBe(404);
      expect((await member.api.delete(`/api/v1/tasks/${ownersOwn.id}`)).status).toBe(404);
      expectProblem(await member.api.post('/api/v1/tasks', { title: 'For the boss', due: '2026-12-07', ownerId: admin.id }), 403);
      expectProblem(await member.api.patch(`/api/v1/tasks/${mine.id}`, { ownerId: admin.id }), 403);
      expectProblem(await member.api.get('/api/v1/tasks?ownerId=all'), 403);
      expect((await member.api.patch<TaskView>(`/api/v1/tasks/${given.id}`, { done: true })).body.done).toBe(true);

      expect((await listed(admin.api, `?ownerId=${member.id}&status=all`)).map((x) => x.id).sort()).toEqual([mine.id, given.id].sort());
      expect((await listed(admin.api, '?ownerId=all')).map((x) => x.id).sort()).toEqual([mine.id, ownersOwn.id].sort());
      expect((await admin.api.patch<TaskView>(`/api/v1/tasks/${mine.id}`, { ownerId: admin.id })).body.ownerId).toBe(admin.id);
      expect((await listed(api)).map((x) => x.id)).toEqual([ownersOwn.id]);
      const stranger = expectProblem(await api.post('/api/v1/tasks', { title: 'x', due: '2026-12-07', ownerId: 'no-such-user' }), 400);
      expect(problemPaths(stranger)).toEqual(['ownerId']);
    });
  });

  describe('on the agenda', () => {
    it('lists open tasks due today or before, overdue flagged, not future or done ones', async () => {
      const api = await workspace();
      const older = await add(api, { title: 'Send the document', due: '2026-12-03' });
      const passed = await add(api, { title: 'Call back the printer', due: '2026-12-07', dueTime: '09:30' });
      const later = await add(api, { title: 'Book the venue', due: '2026-12-07', dueTime: '16:00' });
      const someTime = await add(api, { title: 'Prepare the proposal', due: '2026-12-07' });
      const future = await add(api, { title: 'Quarterly review', due: '2026-12-08' });
      const done = await add(api, { title: 'Already done', due: '2026-12-06' });
      await api.patch(`/api/v1/tasks/${done.id}`, { done: true });

      const today = await agenda(api);
      expect(today.tasks?.map((x) => [x.id, x.overdue])).toEqual([[older.id, true], [passed.id, true], [later.id, false], [someTime.id, false]]);
      expect(today.overdue).toEqual([]);
      expect(today.today).toEqual([]);
      expect((await agenda(api, '2026-12-08')).tasks?.map((x) => [x.id, x.overdue])).toEqual([[future.id, false]]);
      expect((await agenda(api, '2026-12-03')).tasks?.map((x) => [x.id, x.overdue])).toEqual([[older.id, true]]);
    });

    it('counts no task in kept-promise rates', async () => {
      const api = await workspace();
      const before = await api.get('/api/v1/insights');
      const task = await add(api, { title: 'Prepare the proposal', due: '2026-12-01' });
      await api.patch(`/api/v1/tasks/${task.id}`, { done: true });
      const after = await api.get('/api/v1/insights');
      expect(after.status).toBe(before.status);
      expect(after.body).toEqual(before.body);
    });

    it('is in the user\'s zone at the day\'s boundaries', async () => {
      const api = await workspace('America/Los_Angeles');
      // 01:00 on Monday in Los Angeles is 09:00 in London: Sunday's tasks are overdue, Monday's due, Tuesday's not yet.
      const sunday = await add(api, { title: 'Sunday', due: '2026-12-06' });
      const monday = await add(api, { title: 'Monday', due: '2026-12-07' });
      const tuesday = await add(api, { title: 'Tuesday', due: '2026-12-08' });
      expect((await agenda(api)).tasks?.map((x) => [x.id, x.overdue])).toEqual([[sunday.id, true], [monday.id, false]]);
      t.clock.set('2026-12-07T07:59:00Z'); // 23:59 on Sunday in Los Angeles
      expect((await agenda(api)).tasks?.map((x) => [x.id, x.overdue])).toEqual([[sunday.id, false]]);
      t.clock.set('2026-12-08T08:00:00Z'); // 00:00 on Tuesday there
      expect((await agenda(api)).tasks?.map((x) => [x.id, x.overdue])).toEqual([[sunday.id, true], [monday.id, true], [tuesday.id, false]]);
    });
  });
});
