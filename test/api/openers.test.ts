import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, followUpSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Agenda = z.infer<typeof agendaSchema>;
type Page<T> = { items: T[] };

/** Issue 9 item 5: openers, scripts and "last conversation" speak only of real conversations; touch numbers keep up. */
describe.each(testDialects())('openers tell the truth on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set('2026-11-30T09:00:00Z'); }); // Monday 30 November

  async function freshContact(): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner);
    const contact = await api.post<Contact>('/api/v1/contacts', {
      name: 'Grace Hopper', timeZone: 'Europe/London', interests: ['onboarding time'],
      reachable: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }],
    });
    return { api, contact: contact.body };
  }

  async function log(api: ApiClient, body: Record<string, unknown>): Promise<Logged> {
    const response = await api.post<Logged>('/api/v1/interactions', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('after voicemails and no-answers, the opener and the checklist speak of the last real conversation, and the touch number keeps up', async () => {
    const { api, contact } = await freshContact();
    // Monday: a meeting that agreed a call on Friday.
    await log(api, { contactId: contact.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-12-04T10:00' }, channel: 'call', agenda: 'the rollout plan' } } });
    // Tuesday and Wednesday: a voicemail and an unanswered call about something else.
    t.clock.set('2026-12-01T10:00:00Z');
    await log(api, { contactId: contact.id, channel: 'call', result: 'voicemail' });
    t.clock.set('2026-12-02T10:00:00Z');
    await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' });

    t.clock.set('2026-12-04T08:00:00Z');
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    const item = agenda.today[0];
    expect(item?.lastConversation?.channel).toBe('meeting');
    expect(item?.lastInteraction?.result).toBe('no-answer');
    expect(item?.opener).toMatch(/when we spoke on Monday 30 November/);
    expect(item?.opener).not.toMatch(/Wednesday 2 December|Tuesday 1 December/);
    expect(item?.checklist[0]).toMatch(/last spoke 2026-11-30/);
    // Touch 1 was the meeting, 2 and 3 the calls: this call is touch 4.
    expect(item?.touchNumber).toBe(4);
    expect(item?.followUp.touchNumber).toBe(4);
  });

  it('with only voicemails, an item says nothing of a conversation that never happened', async () => {
    const { api, contact } = await freshContact();
    await log(api, { contactId: contact.id, channel: 'call', result: 'voicemail' });
    await log(api, { contactId: contact.id, channel: 'call', result: 'no-answer' });
    const scheduled = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-11-30T15:00' }, channel: 'call', agenda: 'the pilot', promised: true });
    expect(scheduled.status).toBe(201);
    const item = (await api.get<Agenda>('/api/v1/agenda')).body.today[0];
    expect(item?.lastConversation ?? null).toBeNull();
    expect(item?.opener).not.toMatch(/spoke|conversation/i);
    expect(item?.checklist[0]).toBe('What has changed since we last spoke?');
    expect(item?.touchNumber).toBe(3);
  });

  it('a call script with no conversation behind it leaves out "When we spoke on …" rather than fill it with a voicemail or filler', async () => {
    const { api, contact } = await freshContact();
    await log(api, { contactId: contact.id, channel: 'call', result: 'voicemail' });
    const enrolled = await api.post<{ nextFollowUp: FollowUp | null }>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const open = (await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${contact.id}&status=open`)).body.items;
    const script = open.find((f) => f.channel === 'call')?.script ?? '';
    expect(script).toMatch(/calling as we agreed/);
    expect(script).not.toMatch(/When we spoke on|our last conversation|30 November/);
  });

  it('a call script after a real conversation names its date', async () => {
    const { api, contact } = await freshContact();
    await log(api, { contactId: contact.id, channel: 'call', result: 'connected', outcome: { type: 'no-agreement' } });
    t.clock.set('2026-12-01T09:00:00Z');
    await log(api, { contactId: contact.id, channel: 'call', result: 'voicemail' });
    const enrolled = await api.post('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series' });
    expect(enrolled.status).toBe(201);
    const open = (await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${contact.id}&status=open`)).body.items;
    expect(open.find((f) => f.channel === 'call')?.script).toMatch(/When we spoke on 30 November 2026/);
  });
});
