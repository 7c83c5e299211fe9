import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, followUpSchema, insightsSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Agenda = z.infer<typeof agendaSchema>;
type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Insights = z.infer<typeof insightsSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;

const ZONE = 'Europe/London';

describe.each(testDialects())('promises you owe on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: '2026-03-02T09:00:00Z', owner: { timeZone: ZONE } })); });
  afterAll(() => closeAll(t));

  const freshWorkspace = (): Promise<ApiClient> => newWorkspace(t, owner, ZONE);

  async function contact(api: ApiClient, name: string): Promise<Contact> {
    const response = await api.post<Contact>('/api/v1/contacts', { name, timeZone: ZONE, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function owe(api: ApiClient, at: string, body: Record<string, unknown>): Promise<FollowUp> {
    t.clock.set(at);
    const response = await api.post<FollowUp>('/api/v1/follow-ups', { channel: 'email', kind: 'owed', ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('records what you owe (the agenda) and by when (the due) as a promise, without being told it is one', async () => {
    const api = await freshWorkspace();
    const kim = await contact(api, 'Kim Owed');
    const owed = await owe(api, '2026-03-02T09:00:00Z', { contactId: kim.id, due: { date: '2026-03-04' }, agenda: 'send the SOC 2 report' });
    expect(owed).toMatchObject({ kind: 'owed', promised: true, agenda: 'send the SOC 2 report', dueLocal: '2026-03-04', allDay: true });
  });

  it('refuses a promise you owe that does not say what, or that says it is no promise, and creates nothing', async () => {
    const api = await freshWorkspace();
    const lee = await contact(api, 'Lee Vague');
    t.clock.set('2026-03-02T09:00:00Z');
    const noWhat = await api.post('/api/v1/follow-ups', { contactId: lee.id, due: { date: '2026-03-04' }, channel: 'email', kind: 'owed' });
    expectProblem(noWhat, 400, 'invalid');
    expect(JSON.stringify(noWhat.body)).toMatch(/what you owe them/);
    const notPromised = await api.post('/api/v1/follow-ups', { contactId: lee.id, due: { date: '2026-03-04' }, channel: 'email', kind: 'owed', agenda: 'the price list', promised: false });
    expectProblem(notPromised, 400, 'invalid');
    expect(JSON.stringify(notPromised.body)).toMatch(/always a promise/);
    const list = await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${lee.id}`);
    expect(list.body.items).toHaveLength(0);
  });

  it('can be agreed at the end of a conversation: "I will send you the figures by Friday"', async () => {
    const api = await freshWorkspace();
    const ned = await contact(api, 'Ned Figures');
    t.clock.set('2026-03-02T10:00:00Z');
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId: ned.id, channel: 'call', result: 'connected',
      outcome: { type: 'next-step', next: { due: { date: '2026-03-06' }, channel: 'email', kind: 'owed', agenda: 'the Q1 figures' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.next).toMatchObject({ kind: 'owed', promised: true, agenda: 'the Q1 figures' });
  });

  it('puts late promises you owe first on Today, before the calls they asked for', async () => {
    const api = await freshWorkspace();
    const ann = await contact(api, 'Ann Asked');
    const ola = await contact(api, 'Ola Owed');
    t.clock.set('2026-02-20T09:00:00Z');
    const asked = await api.post<Logged>('/api/v1/interactions', {
      contactId: ann.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-02-25T10:00' }, channel: 'call' } },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const owed = await owe(api, '2026-02-20T09:30:00Z', { contactId: ola.id, due: { local: '2026-02-27T10:00' }, agenda: 'the signed quote' });
    t.clock.set('2026-03-02T09:00:00Z');
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    expect(agenda.overdue.map((item) => item.followUp.id)).toEqual([owed.id, asked.body.next?.id]);
    expect(agenda.overdue[0]?.opener).toBe("Hi Ola, I promised you the signed quote by Friday 27 February; I'm sorry it is late. Here it is.");
  });

  it('counts in the promise-kept rate: sent on the day is kept, sent after it is late', async () => {
    const api = await freshWorkspace();
    const pia = await contact(api, 'Pia Kept');
    const raj = await contact(api, 'Raj Late');
    const onTime = await owe(api, '2026-03-02T09:00:00Z', { contactId: pia.id, due: { date: '2026-03-04' }, agenda: 'the case study' });
    const late = await owe(api, '2026-03-02T09:05:00Z', { contactId: raj.id, due: { date: '2026-03-04' }, agenda: 'an answer on discounts' });
    t.clock.set('2026-03-04T15:00:00Z');
    expect((await api.post('/api/v1/interactions', { contactId: pia.id, channel: 'email', followUpId: onTime.id, notes: 'case study sent' })).status).toBe(201);
    t.clock.set('2026-03-06T15:00:00Z');
    expect((await api.post('/api/v1/interactions', { contactId: raj.id, channel: 'email', followUpId: late.id, notes: 'discounts: yes, 10%' })).status).toBe(201);
    const insights = await api.get<Insights>('/api/v1/insights?from=2026-03-01&to=2026-03-10');
    expect(insights.status, JSON.stringify(insights.body)).toBe(200);
    expect(insights.body.promiseKept).toMatchObject({ kept: 1, late: 1, numerator: 1, denominator: 2 });
  });
});
