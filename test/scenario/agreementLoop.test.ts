import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';

interface FollowUp { id: string; channel: string; dueAt: string; dueLocal: string; timeZone: string; status: string; touchNumber: number; promised: boolean }
interface Logged { interaction: { id: string; touchNumber: number }; fulfilled: FollowUp | null; next: FollowUp | null; warnings: Array<{ code: string }> }
interface AgendaItem { followUp: FollowUp; contact: { localTime: string; timeZone: string }; opener: string; checklist: string[]; touchNumber: number }
interface Agenda { date: string; timeZone: string; overdue: AgendaItem[]; today: AgendaItem[] }
interface Opportunity { id: string; status: string; touches: number; closedOnTouch: number | null }

/**
 * The agreement loop of SPEC practice 1–5 and 8, end to end through the API: a client in New York,
 * a salesperson in London, and a coffee agreed across the US spring-forward change.
 */
describe.each(testDialects())('the agreement loop on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let contactId: string;
  let coffee: FollowUp;
  let emailStep: FollowUp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    t.clock.set('2026-03-03T15:00:00Z'); // Tuesday 3 March, before New York moves its clocks on 8 March
    ({ api } = await setUpOwner(t.app, { timeZone: 'Europe/London' }));
    const contact = await api.post<{ id: string }>('/api/v1/contacts', {
      name: 'Dana Whitfield', company: 'Harbor Freight Co', email: 'dana@harbor.example', timeZone: 'America/New_York',
      preferredChannel: 'coffee', interests: ['cutting onboarding time'], interest: 'real', canBuy: 'yes', buyingProcess: 'the COO signs after a pilot',
    });
    contactId = contact.body.id;
  });
  afterAll(async () => { await t.close(); });

  it('a meeting ends with an agreed coffee next Tuesday 16:00 in the client\'s zone', async () => {
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId, channel: 'meeting', notes: 'Walked through the onboarding pilot',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'coffee', agenda: 'pilot pricing', progress: 'draft pilot plan' } },
    });
    expect(logged.status).toBe(201);
    coffee = logged.body.next!;
    expect(coffee).toMatchObject({ dueLocal: '2026-03-10T16:00', timeZone: 'America/New_York', channel: 'coffee', promised: true, status: 'open' });
    // 16:00 EDT (UTC−4, after the 8 March change), not 16:00 EST.
    expect(coffee.dueAt).toBe('2026-03-10T20:00:00.000Z');
    expect(logged.body.interaction.touchNumber).toBe(1);
    expect(coffee.touchNumber).toBe(2);
  });

  it('shows on that date\'s agenda for the London salesperson, with the client\'s local time and the agreement opener', async () => {
    const before = await api.get<Agenda>('/api/v1/agenda?date=2026-03-09');
    expect(before.body.today.map((i) => i.followUp.id)).not.toContain(coffee.id);
    const agenda = await api.get<Agenda>('/api/v1/agenda?date=2026-03-10');
    expect(agenda.body.timeZone).toBe('Europe/London');
    const item = agenda.body.today.find((i) => i.followUp.id === coffee.id)!;
    expect(item.contact).toMatchObject({ localTime: '16:00', timeZone: 'America/New_York' });
    expect(item.opener).toMatch(/You asked me .*to get back to you today about pilot pricing/);
    expect(item.checklist).toHaveLength(4);
    expect(item.touchNumber).toBe(2);
  });

  it('logged as a call instead of the agreed coffee: a channel-mismatch warning, and the next step by email', async () => {
    t.clock.set('2026-03-10T20:10:00Z');
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId, channel: 'call', result: 'connected', followUpId: coffee.id, changed: 'Budget approved for Q2',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-17T10:00' }, channel: 'email', agenda: 'send the pilot contract' } },
    });
    expect(logged.status).toBe(201);
    expect(logged.body.warnings.map((w) => w.code)).toEqual(['channel-mismatch']);
    expect(logged.body.fulfilled).toMatchObject({ id: coffee.id, status: 'done' });
    emailStep = logged.body.next!;
    expect(emailStep).toMatchObject({ channel: 'email', dueLocal: '2026-03-17T10:00', dueAt: '2026-03-17T14:00:00.000Z' });
  });

  it('the email done two days after the agreed day: a late warning', async () => {
    t.clock.set('2026-03-19T15:00:00Z');
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId, channel: 'email', followUpId: emailStep.id, notes: 'Sent the pilot contract',
      outcome: { type: 'next-step', next: { due: { date: '2026-03-24' }, channel: 'call', agenda: 'answer contract questions' } },
    });
    expect(logged.status).toBe(201);
    expect(logged.body.warnings.map((w) => w.code)).toEqual(['late']);
  });

  it('"no" loses the opportunity, cancels open follow-ups, marks do-not-contact and refuses new follow-ups', async () => {
    t.clock.set('2026-03-24T14:00:00Z');
    const logged = await api.post<Logged>('/api/v1/interactions', { contactId, channel: 'call', result: 'connected', outcome: { type: 'no' }, notes: 'Chose another vendor' });
    expect(logged.status).toBe(201);
    const opportunities = await api.get<{ items: Opportunity[] }>(`/api/v1/opportunities?contactId=${contactId}`);
    expect(opportunities.body.items).toHaveLength(1);
    expect(opportunities.body.items[0]).toMatchObject({ status: 'lost', touches: 4, closedOnTouch: 4 });
    const open = await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`);
    expect(open.body.items).toHaveLength(0);
    const cancelled = await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${contactId}&status=cancelled`);
    expect(cancelled.body.items.map((f) => f.dueLocal)).toEqual(['2026-03-24']);
    const contact = await api.get<{ doNotContact: boolean; doNotContactReason: string }>(`/api/v1/contacts/${contactId}`);
    expect(contact.body).toMatchObject({ doNotContact: true, doNotContactReason: 'said no' });
    const refused = await api.post<{ type: string; status: number }>('/api/v1/follow-ups', { contactId, due: { local: '2026-04-01T10:00' }, channel: 'call' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/\/do-not-contact$/);
  });

  it('an opt-in with evidence lifts it', async () => {
    const optedIn = await api.post<{ doNotContact: boolean }>(`/api/v1/contacts/${contactId}/opt-in`, { evidence: 'Dana emailed on 2 April asking to talk again' });
    expect(optedIn.body.doNotContact).toBe(false);
    const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due: { local: '2026-04-07T10:00' }, channel: 'call' });
    expect(created.status).toBe(201);
    expect(created.body.dueAt).toBe('2026-04-07T14:00:00.000Z');
  });
});
