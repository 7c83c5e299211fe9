import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, enrollmentSchema, logInteractionResponseSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Contact = z.infer<typeof contactSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Enrollment = z.infer<typeof enrollmentSchema>;
type Agenda = z.infer<typeof agendaSchema>;
interface Budget { spentMinutes: number; budgetMinutes: number | null; source: string | null; remainingMinutes: number | null; spent: boolean; summary: string }

/** Issue 10 item 6 (seed 003): "how much time you'll commit to following up with each prospect". */
describe.each(testDialects())('time budget per prospect on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    t.clock.set('2026-12-07T09:00:00Z');
  });
  afterAll(() => closeAll(t));

  const newContact = async (fields: Record<string, unknown> = {}): Promise<Contact> => {
    const created = await api.post<Contact>('/api/v1/contacts', { name: 'Ana Silva', timeZone: 'Europe/London', ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const budgetOf = async (id: string): Promise<Budget> => {
    const res = await api.get<Budget>(`/api/v1/contacts/${id}/time-budget`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('each touch records its minutes (its channel\'s usual time unless said) and adds them to the contact\'s time spent', async () => {
    const contact = await newContact();
    expect(contact.timeSpentMinutes).toBe(0);
    expect(contact.timeBudgetMinutes).toBeNull();
    const voicemail = await api.post<Logged>('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'voicemail' });
    expect(voicemail.status, JSON.stringify(voicemail.body)).toBe(201);
    expect(voicemail.body.interaction.minutes).toBe(10);
    const letter = await api.post<Logged>('/api/v1/interactions', { contactId: contact.id, channel: 'letter', minutes: 25 });
    expect(letter.body.interaction.minutes).toBe(25);
    const sms = await api.post<Logged>('/api/v1/interactions', { contactId: contact.id, channel: 'sms' });
    expect(sms.body.interaction.minutes).toBe(2);

    const read = await api.get<Contact>(`/api/v1/contacts/${contact.id}`);
    expect(read.body.timeSpentMinutes).toBe(37);
    const timeline = await api.get<{ items: { minutes: number }[] }>(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.body.items.map((i) => i.minutes).sort((a, b) => a - b)).toEqual([2, 10, 25]);
    const csv = await api.get<string>('/api/v1/export/interactions.csv');
    const [header = '', ...lines] = csv.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(header.split(',').at(-1)).toBe('minutes');
    expect(lines.filter((l) => l.includes(contact.id)).map((l) => Number(l.split(',').at(-1))).sort((a, b) => a - b)).toEqual([2, 10, 25]);
  });

  it('refuses minutes that are not a whole number from 0 to 1440, naming the field, and logs nothing', async () => {
    const contact = await newContact();
    for (const minutes of [-5, 2000, 'ten', 1.5]) {
      const res = await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'no-answer', minutes });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/minutes/);
    }
    const read = await api.get<Contact>(`/api/v1/contacts/${contact.id}`);
    expect(read.body.timeSpentMinutes).toBe(0);
  });

  it('a budget per contact, else the workspace\'s default, else the playbook\'s while enrolled', async () => {
    const contact = await newContact();
    expect(await budgetOf(contact.id)).toMatchObject({ spentMinutes: 0, budgetMinutes: null, source: null, spent: false });

    const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'hard-to-reach' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    expect(await budgetOf(contact.id)).toMatchObject({ budgetMinutes: 60, source: 'playbook' });

    const settings = await api.patch('/api/v1/workspace/settings', { timeBudgetMinutes: 90 });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect(await budgetOf(contact.id)).toMatchObject({ budgetMinutes: 90, source: 'workspace' });

    const patched = await api.patch<Contact>(`/api/v1/contacts/${contact.id}`, { timeBudgetMinutes: 30 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.timeBudgetMinutes).toBe(30);
    await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', direction: 'out', minutes: 20 });
    const budget = await budgetOf(contact.id);
    expect(budget).toMatchObject({ spentMinutes: 20, budgetMinutes: 30, source: 'contact', remainingMinutes: 10, spent: false });
    expect(budget.summary).toBe('Time spent: 20 min of the 30 min set aside for them.');

    for (const bad of [0, -1, 100_001, 'an hour']) {
      const res = await api.patch(`/api/v1/contacts/${contact.id}`, { timeBudgetMinutes: bad });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/timeBudgetMinutes/);
    }
    expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body.timeBudgetMinutes).toBe(30);
    await api.patch('/api/v1/workspace/settings', { timeBudgetMinutes: null });
  });

  it('a series stops when its next step would go past the contact\'s budget, with the reason time-budget', async () => {
    const contact = await newContact({ timeBudgetMinutes: 15 });
    const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'voicemail-series' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const first = enrolled.body.nextFollowUp;
    expect(first).not.toBeNull();
    t.clock.set(first?.dueAt ?? '');
    const logged = await api.post<Logged>('/api/v1/interactions', {
      contactId: contact.id, channel: 'call', result: 'voicemail', followUpId: first?.id, minutes: 8,
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const after = await api.get<Enrollment>(`/api/v1/enrollments/${enrolled.body.id}`);
    expect(after.body).toMatchObject({ state: 'exited', exitReason: 'time-budget', nextFollowUp: null });
    expect(await budgetOf(contact.id)).toMatchObject({ spentMinutes: 8, budgetMinutes: 15, remainingMinutes: 7 });
  });

  it('a contact whose budget is already used up is not started on a series', async () => {
    const contact = await newContact({ timeBudgetMinutes: 5 });
    await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'no-answer', minutes: 5 });
    const enrolled = await api.post<Enrollment>('/api/v1/enrollments', { contactId: contact.id, playbookKey: 'hard-to-reach' });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    expect(enrolled.body).toMatchObject({ state: 'exited', exitReason: 'time-budget' });
    expect((await budgetOf(contact.id)).spent).toBe(true);
  });

  it('the agenda item shows the time spent and the budget', async () => {
    const contact = await newContact({ name: 'Ben Okafor', timeBudgetMinutes: 120 });
    await api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'no-answer', minutes: 15 });
    const planned = await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-12-07T15:00' }, channel: 'call', promised: false });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const agenda = await api.get<Agenda>('/api/v1/agenda?date=2026-12-07');
    const item = agenda.body.today.find((i) => i.contact.id === contact.id) as (Agenda['today'][number] & { timeBudget?: Budget }) | undefined;
    expect(item?.timeBudget).toMatchObject({ spentMinutes: 15, budgetMinutes: 120, source: 'contact', remainingMinutes: 105 });
    expect(item?.timeBudget?.summary).toBe('Time spent: 15 min of the 2 h set aside for them.');
  });
});
