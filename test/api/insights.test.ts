import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { builtinPlaybook } from '../../src/core/playbooks/builtins.js';
import type {
  contactSchema, enrollmentSchema, followUpSchema, insightsSchema, logInteractionResponseSchema, opportunitySchema, problemSchema,
} from '../../src/shared/index.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
type Enrollment = z.infer<typeof enrollmentSchema>;
type Insights = z.infer<typeof insightsSchema>;
type Problem = z.infer<typeof problemSchema>;

const PASSWORD = 'correct horse battery';
const NOW = '2026-03-20T12:00:00Z'; // Friday; the owner is in London (GMT until the 29th)
const PERIOD = '/api/v1/insights?from=2026-03-02&to=2026-03-20';

const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
const touches = (n: number, connected: number, replied: number) => ({ touches: n, connect: rate(connected, n), reply: rate(replied, n) });

/**
 * A constructed history, built through the API with the clock moved by hand, whose every insight
 * is worked out by hand below. Period: Monday 2 to Friday 20 March 2026; now: the 20th at noon.
 *
 *  Ann (Los Angeles; PST then PDT from the 8th)
 *    A1 2 Mar 09:00 PST meeting (held) → next step: call on 10 Mar 10:00 (FA1, promised).   opp OA touch 1
 *    A2 10 Mar 23:00 PDT call connected, fulfils FA1 (kept, same channel) → email 12 Mar 09:00 (FA2). touch 2
 *    A3 16 Mar 10:00 PDT call connected, fulfils FA2 (late, wrong channel) → yes: OA won on touch 3
 *  Ben (Kolkata, +05:30)
 *    B1 3 Mar 09:30 call voicemail; B2 3 Mar 10:00 call connected → next step: all-day 5 Mar (FB1), never done.
 *  Cat (London)
 *    C1 4 Mar 10:00 email; C2 4 Mar 15:00 email replied → coffee 9 Mar 14:00 (FC1). opp OC touch 1
 *    C3 6 Mar 11:00 coffee fulfils FC1 early (same channel) → video 16 Mar 11:00 (FC2). touch 2
 *    FC2 skipped on 17 Mar 09:00; C5 18 Mar 10:00 call connected → no: OC lost on touch 3
 *  Dan (New York; EST then EDT)
 *    FD1 not promised, call 9 Mar 09:00; D2 9 Mar 09:30 EDT call voicemail fulfils it (same channel)
 *    FD2 promised call 12 Mar 15:00, never done; FD3 promised call 20 Mar 15:00 (pending: 08:00 there now)
 *    D4 10 Mar inbound email (not an attempt: left out of the rates)
 *  Gus (London): G1 5 Mar 10:00 call connected → call 6 Mar (FG1), cancelled at 12:00: OG stalled.
 *  Eve (London): opportunity OE opened on 5 Mar 09:00, never touched: stalled, waiting longer than OG.
 *  Fay (London): February meeting and call (outside the period); FF2 open for 30 Mar: OF not stalled.
 *  Hal (London): voicemail-series enrolment on 11 Mar: call-1 voicemail (left in the call) 09:05,
 *    call-1-retry connected 09:25 (no agreement): two done playbook follow-ups, same channels.
 *  Mark (a second salesperson) and Kim (London): K1 16 Mar 10:00 call connected → yes, won on touch 1.
 *  Another workspace: a won call and an overdue promise that must never show.
 */
describe.each(testDialects())('insights on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let ownerId: string;
  let markId: string;
  const ids: Record<string, string> = {};

  async function ok<T>(response: Promise<{ status: number; body: T }>, status = 201): Promise<T> {
    const r = await response;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  async function contact(api: ApiClient, name: string, timeZone: string, fields: Record<string, unknown> = {}): Promise<Contact> {
    return ok(api.post<Contact>('/api/v1/contacts', { name, timeZone, ...fields }));
  }

  /** Logs a touch at `at`, with the clock there too. */
  async function log(api: ApiClient, at: string, body: Record<string, unknown>): Promise<Logged> {
    t.clock.set(at);
    return ok(api.post<Logged>('/api/v1/interactions', { occurredAt: at, ...body }));
  }

  async function schedule(at: string, body: Record<string, unknown>): Promise<FollowUp> {
    t.clock.set(at);
    return ok(owner.post<FollowUp>('/api/v1/follow-ups', body));
  }

  async function patchFollowUp(at: string, id: string, body: Record<string, unknown>): Promise<FollowUp> {
    t.clock.set(at);
    return ok(owner.patch<FollowUp>(`/api/v1/follow-ups/${id}`, body), 200);
  }

  function next(logged: Logged): FollowUp {
    if (!logged.next) throw new Error('no agreed next step');
    return logged.next;
  }

  async function addMember(): Promise<{ id: string; api: ApiClient }> {
    const user = await ok(owner.post<{ id: string }>('/api/v1/users', { email: 'mark@example.com', password: PASSWORD, name: 'Mark Member', role: 'member' }));
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'mark@example.com', password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
    const csrf = (me.json() as { csrfToken?: string }).csrfToken ?? '';
    const token = await t.app.inject({
      method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': csrf }, payload: { name: 'tests' },
    });
    return { id: user.id, api: client(t.app, (token.json() as { token: string }).token) };
  }

  beforeAll(async () => {
    ({ t, api: owner, userId: ownerId } = await startTestAppWithOwner(dialect, { at: '2026-02-01T09:00:00Z' }));

    // Ann
    const ann = await contact(owner, 'Ann Alvarez', 'America/Los_Angeles');
    const fa1 = next(await log(owner, '2026-03-02T17:00:00.000Z', {
      contactId: ann.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-03-10T10:00' }, channel: 'call' } },
    }));
    const fa2 = next(await log(owner, '2026-03-11T06:00:00.000Z', {
      contactId: ann.id, channel: 'call', result: 'connected', followUpId: fa1.id,
      outcome: { type: 'next-step', next: { due: { local: '2026-03-12T09:00' }, channel: 'email' } },
    }));
    const a3 = await log(owner, '2026-03-16T17:00:00.000Z', { contactId: ann.id, channel: 'call', result: 'connected', followUpId: fa2.id, outcome: { type: 'yes' } });
    expect(a3.warnings.map((w) => w.code).sort()).toEqual(['channel-mismatch', 'late']);
    expect(a3.interaction.touchNumber).toBe(3);

    // Ben
    const ben = await contact(owner, 'Ben Banerjee', 'Asia/Kolkata');
    await log(owner, '2026-03-03T04:00:00.000Z', { contactId: ben.id, channel: 'call', result: 'voicemail' });
    const fb1 = next(await log(owner, '2026-03-03T04:30:00.000Z', {
      contactId: ben.id, channel: 'call', result: 'connected', outcome: { type: 'next-step', next: { due: { date: '2026-03-05' }, channel: 'call' } },
    }));
    expect(fb1).toMatchObject({ allDay: true, dueAt: '2026-03-04T18:30:00.000Z', promised: true });

    // Cat
    const cat = await contact(owner, 'Cat Cooper', 'Europe/London');
    await log(owner, '2026-03-04T10:00:00.000Z', { contactId: cat.id, channel: 'email' });
    const fc1 = next(await log(owner, '2026-03-04T15:00:00.000Z', {
      contactId: cat.id, channel: 'email', result: 'replied', outcome: { type: 'next-step', next: { due: { local: '2026-03-09T14:00' }, channel: 'coffee' } },
    }));
    const fc2 = next(await log(owner, '2026-03-06T11:00:00.000Z', {
      contactId: cat.id, channel: 'coffee', followUpId: fc1.id, outcome: { type: 'next-step', next: { due: { local: '2026-03-16T11:00' }, channel: 'video' } },
    }));
    await patchFollowUp('2026-03-17T09:00:00.000Z', fc2.id, { status: 'skipped', reason: 'forgot' });
    const c5 = await log(owner, '2026-03-18T10:00:00.000Z', { contactId: cat.id, channel: 'call', result: 'connected', outcome: { type: 'no' } });
    expect(c5.interaction.touchNumber).toBe(3);

    // Dan
    const dan = await contact(owner, 'Dan Dubois', 'America/New_York');
    const fd1 = await schedule('2026-03-02T10:00:00.000Z', { contactId: dan.id, due: { local: '2026-03-09T09:00' }, channel: 'call' });
    expect(fd1.promised).toBe(false);
    await log(owner, '2026-03-09T13:30:00.000Z', { contactId: dan.id, channel: 'call', result: 'voicemail', followUpId: fd1.id });
    await schedule('2026-03-09T14:00:00.000Z', { contactId: dan.id, due: { local: '2026-03-12T15:00' }, channel: 'call', promised: true });
    await schedule('2026-03-09T14:00:00.000Z', { contactId: dan.id, due: { local: '2026-03-20T15:00' }, channel: 'call', promised: true });
    await log(owner, '2026-03-10T14:00:00.000Z', { contactId: dan.id, channel: 'email', direction: 'in' });

    // Gus before Eve: OG's id sorts first, but Eve's opportunity has waited longer.
    const gus = await contact(owner, 'Gus Green', 'Europe/London', { company: 'Gusto Ltd' });
    const fg1 = next(await log(owner, '2026-03-05T10:00:00.000Z', {
      contactId: gus.id, channel: 'call', result: 'connected', outcome: { type: 'next-step', next: { due: { local: '2026-03-06T10:00' }, channel: 'call' } },
    }));
    await patchFollowUp('2026-03-05T12:00:00.000Z', fg1.id, { status: 'cancelled', reason: 'they will call us' });
    ids.gus = gus.id;
    ids.og = fg1.opportunityId ?? '';

    const eve = await contact(owner, 'Eve Evans', 'Europe/London');
    t.clock.set('2026-03-05T09:00:00.000Z');
    const oe = await ok(owner.post<Opportunity>('/api/v1/opportunities', { contactId: eve.id, title: 'Eve deal' }));
    ids.eve = eve.id;
    ids.oe = oe.id;

    // Fay, all in February
    const fay = await contact(owner, 'Fay Fischer', 'Europe/London');
    const ff1 = next(await log(owner, '2026-02-20T10:00:00.000Z', {
      contactId: fay.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-02-25T10:00' }, channel: 'call' } },
    }));
    await log(owner, '2026-02-25T10:00:00.000Z', {
      contactId: fay.id, channel: 'call', result: 'connected', followUpId: ff1.id,
      outcome: { type: 'next-step', next: { due: { local: '2026-03-30T10:00' }, channel: 'call' } },
    });

    // Hal, through the voicemail series
    const hal = await contact(owner, 'Hal Hughes', 'Europe/London');
    t.clock.set('2026-03-11T09:00:00.000Z');
    const enrolled = await ok(owner.post<Enrollment>('/api/v1/enrollments', { contactId: hal.id, playbookKey: 'voicemail-series' }));
    const step = async (at: string, expectedStep: string, body: Record<string, unknown>) => {
      t.clock.set(at);
      const view = await ok(owner.get<Enrollment>(`/api/v1/enrollments/${enrolled.id}`), 200);
      expect(view.currentStep?.id).toBe(expectedStep);
      if (!view.nextFollowUp) throw new Error(`no follow-up for ${expectedStep}`);
      await log(owner, at, { contactId: hal.id, followUpId: view.nextFollowUp.id, ...body });
    };
    await step('2026-03-11T09:05:00.000Z', 'call-1', { channel: 'call', result: 'voicemail' });
    await step('2026-03-11T09:25:00.000Z', 'call-1-retry', { channel: 'call', result: 'connected', outcome: { type: 'no-agreement' } });

    // Mark and Kim
    t.clock.set('2026-03-16T09:00:00.000Z');
    const mark = await addMember();
    markId = mark.id;
    const kim = await contact(mark.api, 'Kim Kato', 'Europe/London');
    await log(mark.api, '2026-03-16T10:00:00.000Z', { contactId: kim.id, channel: 'call', result: 'connected', outcome: { type: 'yes' } });

    // Another workspace: nothing of it may show
    t.clock.set('2026-03-02T09:00:00.000Z');
    const other = client(t.app, (await ok(owner.post<{ token: string }>('/api/v1/workspaces', { name: 'Elsewhere', timeZone: 'Europe/London' }))).token);
    const stranger = await contact(other, 'Stan Stranger', 'Europe/London');
    await log(other, '2026-03-10T10:00:00.000Z', { contactId: stranger.id, channel: 'call', result: 'connected', outcome: { type: 'yes' } });
    t.clock.set('2026-03-02T09:00:00.000Z');
    await ok(other.post('/api/v1/follow-ups', { contactId: stranger.id, due: { local: '2026-03-03T10:00' }, channel: 'call', promised: true }));
    await ok(other.post<Opportunity>('/api/v1/opportunities', { contactId: (await contact(other, 'Sue Stranger', 'Europe/London')).id, title: 'not ours' }));

    t.clock.set(NOW);
  });
  afterAll(() => closeAll(t));

  async function insights(path = PERIOD, api: ApiClient = owner): Promise<Insights> {
    return ok(api.get<Insights>(path), 200);
  }

  it('states the period, the zone and the moment it was computed', async () => {
    expect((await insights()).period).toEqual({ from: '2026-03-02', to: '2026-03-20', timeZone: 'Europe/London', userId: null, now: '2026-03-20T12:00:00.000Z' });
  });

  it('promise kept: done on the agreed day in the contact\'s zone, against late, early, skipped and open past due', async () => {
    // FA1 kept (23:00 in LA, already the 11th in UTC); FA2 late; FC1 early; FC2 skipped; FB1 and FD2 open past due;
    // FD3 pending; FG1 cancelled and not counted; February's FF1 and the next FF2 outside the period.
    expect((await insights()).promiseKept).toEqual({ ...rate(1, 6), kept: 1, early: 1, late: 1, missed: 0, skipped: 1, openPastDue: 2, pending: 1 });
  });

  it('consistency: done follow-ups fulfilled through their agreed channel', async () => {
    // FA1 call/call, FC1 coffee/coffee, FD1 call/call, Hal's two calls: same; FA2 email done by call: not.
    expect((await insights()).consistency).toEqual(rate(5, 6));
  });

  it('touches to close: won and lost by the touch they closed on, gaps filled', async () => {
    expect((await insights()).touchesToClose).toEqual([
      { touch: 1, won: 1, lost: 0 }, // Kim
      { touch: 2, won: 0, lost: 0 },
      { touch: 3, won: 1, lost: 1 }, // Ann won, Cat lost
    ]);
  });

  it('connect and reply rates by channel, outbound touches only', async () => {
    expect((await insights()).byChannel).toEqual([
      { channel: 'call', ...touches(10, 7, 0) },
      { channel: 'email', ...touches(2, 0, 1) },
      { channel: 'meeting', ...touches(1, 1, 0) },
      { channel: 'coffee', ...touches(1, 1, 0) },
    ]);
  });

  it('connect and reply rates by the hour on the contact\'s clock', async () => {
    const hours = (await insights()).byHour;
    expect(hours.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(hours.filter((h) => h.touches > 0)).toEqual([
      { hour: 9, ...touches(5, 2, 0) }, // Ann's meeting (PST), Ben's voicemail (IST), Dan's (EDT), Hal's two
      { hour: 10, ...touches(6, 5, 0) }, // Ann (PDT), Ben, Cat's email and call, Gus, Kim
      { hour: 11, ...touches(1, 1, 0) }, // Cat's coffee
      { hour: 15, ...touches(1, 0, 1) }, // Cat's reply
      { hour: 23, ...touches(1, 1, 0) }, // Ann, late on the 10th in Los Angeles
    ]);
    expect(hours[12]).toEqual({ hour: 12, ...touches(0, 0, 0) });
  });

  it('connect and reply rates by playbook step, in the playbook\'s order, with its titles', async () => {
    const title = (id: string) => builtinPlaybook('voicemail-series').steps.find((s) => s.id === id)?.title;
    const row = (stepId: string, connected: number) => ({
      playbookKey: 'voicemail-series', playbookName: 'Voicemail series', stepId, stepTitle: title(stepId), ...touches(1, connected, 0),
    });
    expect((await insights()).byStep).toEqual([row('call-1', 0), row('call-1-retry', 1)]);
  });

  it('weekly promise-kept and consistency, by the week of the agreed day', async () => {
    expect((await insights()).weekly).toEqual([
      { week: '2026-03-02', promiseKept: rate(0, 1), consistency: rate(0, 0) }, // FB1
      { week: '2026-03-09', promiseKept: rate(1, 4), consistency: rate(5, 6) }, // FA1, FA2, FC1, FD2; + FD1 and Hal's
      { week: '2026-03-16', promiseKept: rate(0, 1), consistency: rate(0, 0) }, // FC2 skipped; FD3 pending
    ]);
  });

  it('overdue now, and at the end of each week', async () => {
    expect((await insights()).overdue).toEqual({
      count: 2, // FB1 (all-day, over in Kolkata), FD2
      trend: [
        { week: '2026-03-02', at: '2026-03-09T00:00:00.000Z', count: 1 }, // FB1
        { week: '2026-03-09', at: '2026-03-16T00:00:00.000Z', count: 3 }, // FB1, FD2, FA2 (done on the 16th)
        { week: '2026-03-16', at: '2026-03-20T12:00:00.000Z', count: 2 }, // FC2 was skipped on the 17th
      ],
    });
  });

  it('stalled opportunities: open with no open follow-up, longest waiting first, with the contact\'s name', async () => {
    expect((await insights()).stalled).toEqual({
      count: 2,
      openOpportunities: 4, // Ben's, Eve's, Fay's, Gus's
      items: [
        {
          opportunityId: ids.oe, title: 'Eve deal', contactId: ids.eve, contactName: 'Eve Evans', company: null, ownerId,
          touches: 0, createdAt: '2026-03-05T09:00:00.000Z', lastTouchAt: null,
        },
        {
          opportunityId: ids.og, title: 'Gusto Ltd — Gus Green', contactId: ids.gus, contactName: 'Gus Green', company: 'Gusto Ltd', ownerId,
          touches: 1, createdAt: '2026-03-05T10:00:00.000Z', lastTouchAt: '2026-03-05T10:00:00.000Z',
        },
      ],
    });
  });

  it('filters to one salesperson with ?userId=', async () => {
    const mark = await insights(`${PERIOD}&userId=${markId}`);
    expect(mark.period.userId).toBe(markId);
    expect(mark.byChannel).toEqual([{ channel: 'call', ...touches(1, 1, 0) }]);
    expect(mark.touchesToClose).toEqual([{ touch: 1, won: 1, lost: 0 }]);
    expect(mark.promiseKept).toMatchObject(rate(0, 0));
    expect(mark.consistency).toEqual(rate(0, 0));
    expect(mark.byStep).toEqual([]);
    expect(mark.overdue).toEqual({ count: 0, trend: [0, 1, 2].map((i) => expect.objectContaining({ count: 0, week: ['2026-03-02', '2026-03-09', '2026-03-16'][i] })) });
    expect(mark.stalled).toEqual({ count: 0, openOpportunities: 0, items: [] });

    const mine = await insights(`${PERIOD}&userId=${ownerId}`);
    expect(mine.byChannel[0]).toEqual({ channel: 'call', ...touches(9, 6, 0) });
    expect(mine.touchesToClose).toEqual([{ touch: 1, won: 0, lost: 0 }, { touch: 2, won: 0, lost: 0 }, { touch: 3, won: 1, lost: 1 }]);
    expect(mine.promiseKept).toMatchObject(rate(1, 6));
    expect(mine.stalled.count).toBe(2);
  });

  it('defaults to the 90 days ending today in the user\'s zone (February included)', async () => {
    const all = await insights('/api/v1/insights');
    expect(all.period).toMatchObject({ from: '2025-12-21', to: '2026-03-20' });
    // FF1 was kept on 25 February, through its channel; Fay's meeting and call join the rates.
    expect(all.promiseKept).toMatchObject({ ...rate(2, 7), kept: 2 });
    expect(all.consistency).toEqual(rate(6, 7));
    expect(all.byChannel.find((c) => c.channel === 'meeting')).toEqual({ channel: 'meeting', ...touches(2, 2, 0) });
    expect(all.weekly).toHaveLength(14);
    expect(all.weekly[0]?.week).toBe('2025-12-15');
  });

  it('is empty, with null rates, for a period with nothing in it', async () => {
    const empty = await insights('/api/v1/insights?from=2025-01-01&to=2025-01-31');
    expect(empty.promiseKept).toEqual({ ...rate(0, 0), kept: 0, early: 0, late: 0, missed: 0, skipped: 0, openPastDue: 0, pending: 0 });
    expect(empty.consistency.rate).toBeNull();
    expect(empty.touchesToClose).toEqual([]);
    expect(empty.byChannel).toEqual([]);
    expect(empty.byStep).toEqual([]);
    expect(empty.byHour.every((h) => h.touches === 0 && h.connect.rate === null)).toBe(true);
    expect(empty.overdue.trend.every((p) => p.count === 0)).toBe(true);
    // Overdue and stalled are as of now, whatever the period.
    expect(empty.overdue.count).toBe(2);
    expect(empty.stalled.count).toBe(2);
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=2026-03-10&to=2026-03-09', 'from'],
    ['from=2020-01-01&to=2026-03-01', 'from'],
    ['from=yesterday', 'querystring.from'],
    ['userId=nobody', 'userId'],
  ])('refuses %s with a 400 naming %s', async (query, path) => {
    const response = await owner.get<Problem>(`/api/v1/insights?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect((response.body.errors ?? []).map((e) => e.path)).toEqual([path]);
  });

  it('needs credentials (401)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/insights' });
    expect(response.statusCode).toBe(401);
  });
});
