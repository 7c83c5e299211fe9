import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema, opportunitySchema } from '../../src/shared/index.js';
import type { LatePromiseView, StalledDealView, IdleContactView, TeamTouchView, TeamView } from '../../src/shared/team.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
interface Page<T> { items: T[]; nextCursor: string | null }

const PASSWORD = 'correct horse battery';
const NOW = '2026-03-20T12:00:00.000Z'; // Friday; London is on GMT, New York on EDT (UTC−4) since the 8th
const PERIOD = 'from=2026-03-02&to=2026-03-20';
const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });

/**
 * A constructed team whose every figure is worked out by hand. Period 2 to 20 March 2026, now the
 * 20th at noon UTC; this week began on Monday the 16th in each member's own zone.
 *
 *  Olivia (owner, London)
 *    Amy: FA1 promised call 10 Mar 10:00, done by a call at 10:00 (kept, same channel)
 *         FA2 promised email 12 Mar 09:00, done by a call on the 13th (late, other channel)
 *         FA3 promised call 18 Mar 09:00, open (late now: open past due)
 *         FA4 promised all-day call today, open (pending, not late: the day is not over)
 *         FA5 promised call 25 Mar, open (after the period: not counted, not late)
 *    Bob: no follow-up, an open opportunity → no next step, stalled. Touched Monday 16th 09:00 (this week);
 *         touched Sunday 15th 23:30 (last week) and an inbound email on the 17th (not a touch of hers).
 *    Dee: no follow-up, opted out → not "no next step".
 *  Ada (admin, New York)
 *    Cy: FC1 promised call 19 Mar 09:00 EDT, open → late. Touched Sunday 15th 23:00 EDT (last week
 *        for her, though Monday in London) and Monday 16th 01:00 EDT (this week).
 *  Mark (member, London)
 *    Kim: FK1 promised call today 10:00, open → late now, but pending for the kept rate (its day is not over).
 *         Touched Wednesday 18th.
 *    Lee: nothing planned → no next step.
 *  Another workspace of Olivia's: an overdue promise, a stalled deal, a touch this week: none may show.
 */
describe.each(testDialects())('the manager\'s view on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let ownerId: string;
  let ada: { id: string; api: ApiClient };
  let mark: { id: string; api: ApiClient };
  const ids: Record<string, string> = {};

  async function ok<T>(response: Promise<{ status: number; body: unknown }>, status = 201): Promise<T> {
    const r = await response;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body as T;
  }

  async function addUser(email: string, name: string, role: 'admin' | 'member', timeZone: string): Promise<{ id: string; api: ApiClient }> {
    const user = await ok<{ id: string }>(owner.post('/api/v1/users', { email, password: PASSWORD, name, role, timeZone }));
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
    const csrf = (me.json() as { csrfToken?: string }).csrfToken ?? '';
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': csrf }, payload: { name: 'tests' } });
    return { id: user.id, api: client(t.app, (token.json() as { token: string }).token) };
  }

  const contact = (api: ApiClient, name: string, timeZone: string) => ok<Contact>(api.post('/api/v1/contacts', { name, timeZone }));
  const promise = (api: ApiClient, contactId: string, due: Record<string, string>, channel = 'call') =>
    ok<FollowUp>(api.post('/api/v1/follow-ups', { contactId, due, channel, promised: true }));
  async function touch(api: ApiClient, at: string, body: Record<string, unknown>): Promise<void> {
    t.clock.set(at);
    await ok(api.post('/api/v1/interactions', { occurredAt: at, ...body }));
  }

  beforeAll(async () => {
    ({ t, api: owner, userId: ownerId } = await startTestAppWithOwner(dialect, { at: '2026-03-01T09:00:00Z' }));
    ada = await addUser('ada@example.com', 'Ada Admin', 'admin', 'America/New_York');
    mark = await addUser('mark@example.com', 'Mark Member', 'member', 'Europe/London');

    // Olivia
    const amy = await contact(owner, 'Amy Archer', 'Europe/London');
    const fa1 = await promise(owner, amy.id, { local: '2026-03-10T10:00' });
    const fa2 = await promise(owner, amy.id, { local: '2026-03-12T09:00' }, 'email');
    ids.fa3 = (await promise(owner, amy.id, { local: '2026-03-18T09:00' })).id;
    await promise(owner, amy.id, { date: '2026-03-20' });
    await promise(owner, amy.id, { local: '2026-03-25T09:00' });
    await touch(owner, '2026-03-10T10:00:00.000Z', { contactId: amy.id, channel: 'call', result: 'voicemail', followUpId: fa1.id });
    await touch(owner, '2026-03-13T09:00:00.000Z', { contactId: amy.id, channel: 'call', result: 'voicemail', followUpId: fa2.id });
    t.clock.set('2026-03-02T09:00:00.000Z');
    const bob = await contact(owner, 'Bob Baker', 'Europe/London');
    ids.bob = bob.id;
    ids.bobDeal = (await ok<Opportunity>(owner.post('/api/v1/opportunities', { contactId: bob.id, title: 'Bob deal' }))).id;
    await touch(owner, '2026-03-15T23:30:00.000Z', { contactId: bob.id, channel: 'call', result: 'no-answer' });
    await touch(owner, '2026-03-16T09:00:00.000Z', { contactId: bob.id, channel: 'call', result: 'no-answer' });
    await touch(owner, '2026-03-17T09:00:00.000Z', { contactId: bob.id, channel: 'email', direction: 'in' });
    const dee = await contact(owner, 'Dee Donovan', 'Europe/London');
    await ok(owner.post(`/api/v1/contacts/${dee.id}/opt-out`, { reason: 'asked to stop' }), 200);

    // Ada
    t.clock.set('2026-03-02T09:00:00.000Z');
    const cy = await contact(ada.api, 'Cy Chen', 'America/New_York');
    ids.fc1 = (await promise(ada.api, cy.id, { local: '2026-03-19T09:00' })).id;
    await touch(ada.api, '2026-03-16T03:00:00.000Z', { contactId: cy.id, channel: 'email' });
    await touch(ada.api, '2026-03-16T05:00:00.000Z', { contactId: cy.id, channel: 'email' });

    // Mark
    t.clock.set('2026-03-02T09:00:00.000Z');
    const kim = await contact(mark.api, 'Kim Kato', 'Europe/London');
    ids.fk1 = (await promise(mark.api, kim.id, { local: '2026-03-20T10:00' })).id;
    await touch(mark.api, '2026-03-18T10:00:00.000Z', { contactId: kim.id, channel: 'call', result: 'voicemail' });
    ids.lee = (await contact(mark.api, 'Lee Long', 'Europe/London')).id;

    // Elsewhere
    t.clock.set('2026-03-02T09:00:00.000Z');
    const other = client(t.app, (await ok<{ token: string }>(owner.post('/api/v1/workspaces', { name: 'Elsewhere', timeZone: 'Europe/London' }))).token);
    const stranger = await contact(other, 'Stan Stranger', 'Europe/London');
    await promise(other, stranger.id, { local: '2026-03-05T10:00' });
    await ok(other.post('/api/v1/opportunities', { contactId: stranger.id, title: 'Elsewhere deal' }));
    await contact(other, 'Nell Nobody', 'Europe/London');
    await touch(other, '2026-03-17T10:00:00.000Z', { contactId: stranger.id, channel: 'call', result: 'voicemail' });

    t.clock.set(NOW);
  });
  afterAll(() => closeAll(t));

  const olivia = {
    name: 'Olivia Owner', promisesDue: 4, promisesOpen: 2, late: 1,
    promiseKept: { ...rate(1, 3), kept: 1, early: 0, late: 1, missed: 0, skipped: 0, openPastDue: 1, pending: 1 },
    consistency: rate(1, 2), stalled: 1, noNextStep: 1, touches: 1, touchWeek: '2026-03-16',
  };
  const adaRow = {
    name: 'Ada Admin', timeZone: 'America/New_York', promisesDue: 1, promisesOpen: 1, late: 1,
    promiseKept: { ...rate(0, 1), kept: 0, early: 0, late: 0, missed: 0, skipped: 0, openPastDue: 1, pending: 0 },
    consistency: rate(0, 0), stalled: 0, noNextStep: 0, touches: 1, touchWeek: '2026-03-16',
  };
  const markRow = {
    name: 'Mark Member', promisesDue: 1, promisesOpen: 1, late: 1,
    promiseKept: { ...rate(0, 0), kept: 0, early: 0, late: 0, missed: 0, skipped: 0, openPastDue: 0, pending: 1 },
    consistency: rate(0, 0), stalled: 0, noNextStep: 1, touches: 1, touchWeek: '2026-03-16',
  };

  it('shows an owner every member, figure by figure, and the team\'s totals', async () => {
    const view = await ok<TeamView>(owner.get(`/api/v1/team?${PERIOD}`), 200);
    expect(view.scope).toBe('team');
    expect(view.period).toEqual({ from: '2026-03-02', to: '2026-03-20', timeZone: 'Europe/London', now: NOW });
    expect(view.members.map((m) => m.name)).toEqual(['Ada Admin', 'Mark Member', 'Olivia Owner']);
    const [a, m, o] = view.members;
    expect(o).toMatchObject({ ...olivia, userId: ownerId });
    expect(a).toMatchObject({ ...adaRow, userId: ada.id });
    expect(m).toMatchObject({ ...markRow, userId: mark.id });
    expect(view.totals).toEqual({
      promisesDue: 6, promisesOpen: 4, late: 3,
      promiseKept: { ...rate(1, 4), kept: 1, early: 0, late: 1, missed: 0, skipped: 0, openPastDue: 2, pending: 2 },
      consistency: rate(1, 2), stalled: 1, noNextStep: 2, touches: 3,
    });
  });

  it('shows an admin the same team', async () => {
    const view = await ok<TeamView>(ada.api.get(`/api/v1/team?${PERIOD}`), 200);
    expect(view.scope).toBe('team');
    expect(view.members.map((m) => m.userId)).toEqual([ada.id, mark.id, ownerId]);
    expect(view.period.timeZone).toBe('America/New_York');
  });

  it('shows a member only their own figures, and refuses them anyone else\'s lists', async () => {
    const view = await ok<TeamView>(mark.api.get(`/api/v1/team?${PERIOD}`), 200);
    expect(view.scope).toBe('self');
    expect(view.members).toHaveLength(1);
    expect(view.members[0]).toMatchObject({ ...markRow, userId: mark.id });
    expect(view.totals).toMatchObject({ promisesDue: 1, late: 1, noNextStep: 1, touches: 1 });
    const me = await ok<{ permissions: { viewTeam: boolean } }>(mark.api.get('/api/v1/me'), 200);
    expect(me.permissions.viewTeam).toBe(false);
    for (const kind of ['late', 'stalled', 'no-next-step', 'touches']) {
      expectProblem(await mark.api.get(`/api/v1/team/${ownerId}/${kind}`), 403);
      expect((await mark.api.get(`/api/v1/team/${mark.id}/${kind}`)).status).toBe(200);
    }
  });

  it('lists the items behind each figure, and they match it', async () => {
    const late = await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${ownerId}/late`), 200);
    expect(late.items.map((i) => i.followUpId)).toEqual([ids.fa3]);
    expect(late.items[0]).toMatchObject({ contactName: 'Amy Archer', channel: 'call', dueLocal: '2026-03-18T09:00', allDay: false });
    expect((await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${ada.id}/late`), 200)).items.map((i) => i.followUpId)).toEqual([ids.fc1]);
    expect((await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${mark.id}/late`), 200)).items.map((i) => i.followUpId)).toEqual([ids.fk1]);

    const stalled = await ok<Page<StalledDealView>>(owner.get(`/api/v1/team/${ownerId}/stalled`), 200);
    expect(stalled).toEqual({ items: [expect.objectContaining({ opportunityId: ids.bobDeal, title: 'Bob deal', contactId: ids.bob, contactName: 'Bob Baker' })], nextCursor: null });

    const idle = await ok<Page<IdleContactView>>(owner.get(`/api/v1/team/${ownerId}/no-next-step`), 200);
    expect(idle.items.map((c) => c.contactId)).toEqual([ids.bob]);
    expect((await ok<Page<IdleContactView>>(owner.get(`/api/v1/team/${mark.id}/no-next-step`), 200)).items.map((c) => c.contactId)).toEqual([ids.lee]);

    const touches = await ok<Page<TeamTouchView>>(owner.get(`/api/v1/team/${ownerId}/touches`), 200);
    expect(touches.items.map((i) => [i.contactName, i.occurredAt])).toEqual([['Bob Baker', '2026-03-16T09:00:00.000Z']]);
    const adaTouches = await ok<Page<TeamTouchView>>(owner.get(`/api/v1/team/${ada.id}/touches`), 200);
    expect(adaTouches.items.map((i) => i.occurredAt)).toEqual(['2026-03-16T05:00:00.000Z']);

    const view = await ok<TeamView>(owner.get(`/api/v1/team?${PERIOD}`), 200);
    for (const row of view.members) {
      const counts = await Promise.all(['late', 'stalled', 'no-next-step', 'touches'].map(async (kind) =>
        (await ok<Page<unknown>>(owner.get(`/api/v1/team/${row.userId}/${kind}?limit=500`), 200)).items.length));
      expect(counts, row.name).toEqual([row.late, row.stalled, row.noNextStep, row.touches]);
    }
  });

  it('pages a list', async () => {
    const first = await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${ownerId}/late?limit=1`), 200);
    expect(first.nextCursor).toBeNull();
    t.clock.set('2026-03-26T12:00:00.000Z'); // FA4 (all-day on the 20th) and FA5 (the 25th) are late too now
    const page1 = await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${ownerId}/late?limit=2`), 200);
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await ok<Page<LatePromiseView>>(owner.get(`/api/v1/team/${ownerId}/late?limit=2&cursor=${page1.nextCursor}`), 200);
    expect([...page1.items, ...page2.items].map((i) => i.dueLocal)).toEqual(['2026-03-18T09:00', '2026-03-20', '2026-03-25T09:00']);
    expect(page2.nextCursor).toBeNull();
    t.clock.set(NOW);
  });

  it('never shows another workspace\'s people or records', async () => {
    const stranger = await addUser('stan@example.com', 'Stan Solo', 'member', 'Europe/London');
    const view = await ok<TeamView>(owner.get(`/api/v1/team?${PERIOD}`), 200);
    expect(view.members.find((m) => m.userId === ownerId)).toMatchObject(olivia);
    expect(view.members.map((m) => m.name)).toContain('Stan Solo'); // a member of this workspace, with nothing yet
    const elsewhere = client(t.app, (await ok<{ token: string }>(ada.api.post('/api/v1/workspaces', { name: 'Ada\'s own', timeZone: 'America/New_York' }))).token);
    const own = await ok<TeamView>(elsewhere.get('/api/v1/team'), 200);
    expect(own.members.map((m) => m.userId)).toEqual([ada.id]);
    expect(own.members[0]).toMatchObject({ promisesDue: 0, late: 0, stalled: 0, noNextStep: 0, touches: 0 });
    expectProblem(await elsewhere.get(`/api/v1/team/${ownerId}/late`), 404);
    expectProblem(await elsewhere.get(`/api/v1/team/${stranger.id}/stalled`), 404);
  });

  it('refuses bad dates, naming the field', async () => {
    for (const [query, field] of [['from=2026-02-30', 'from'], ['to=yesterday', 'to'], ['from=2026-03-20&to=2026-03-01', 'from']] as const) {
      const problem = expectProblem(await owner.get(`/api/v1/team?${query}`), 400);
      expect(problemPaths(problem).map((path) => path.replace(/^querystring\./, '')), query).toEqual([field]);
      expect(problem.detail?.toLowerCase(), query).toContain(field === 'from' ? 'from' : 'to');
    }
    expectProblem(await owner.get(`/api/v1/team/${ownerId}/late?limit=0`), 400);
  });
});
