import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { agendaSchema } from '../../src/shared/agenda.js';
import type { contactSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

const NOW = '2026-12-07T09:00:00Z'; // a Monday morning in London
const DAYS = ['2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14'];

type Agenda = z.infer<typeof agendaSchema>;

/**
 * The agenda is sent as services/agenda.ts makes it, without going through its schema
 * (services/agendaCache.ts): so what is made must already be exactly the contract, nothing
 * more (no workspace id, nothing internal) and nothing of another type. Parsing what was sent
 * with the schema must change nothing, for every kind of item: agreed and playbook steps, overdue
 * promises, last conversations, time budgets and tasks.
 */
describe.each(testDialects())('the agenda sent is exactly its contract on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/London' }, at: NOW }));
    expect((await api.post('/api/v1/demo', { contacts: 60 })).status).toBe(201);
    const contact = await api.post<z.infer<typeof contactSchema>>('/api/v1/contacts', {
      name: 'Priya Shah', email: 'priya@example.com', phone: '+44 20 7946 0321', timeZone: 'Asia/Kolkata', preferredChannel: 'call',
    });
    expect(contact.status).toBe(201);
    expect((await api.post('/api/v1/enrollments', { contactId: contact.body.id, playbookKey: 'voicemail-series' })).status).toBe(201);
    expect((await api.post('/api/v1/tasks', { title: 'Send the revised quote', due: '2026-12-07', contactId: contact.body.id })).status).toBe(201);
    expect((await api.post('/api/v1/tasks', { title: 'Order brochures', due: '2026-12-03' })).status).toBe(201);
  });
  afterAll(() => closeAll(t));

  it.each(DAYS)('on %s', async (day) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/agenda?date=${day}`, headers: { authorization: `Bearer ${api.token}` } });
    expect(response.statusCode, response.body).toBe(200);
    const sent = JSON.parse(response.body) as Agenda;
    expect(agendaSchema.parse(sent)).toStrictEqual(sent);
    expect(response.body).not.toMatch(/workspaceId/);
  });

  it('holds every kind of item across those days', async () => {
    const agendas = await Promise.all(DAYS.map(async (day) => (await api.get<Agenda>(`/api/v1/agenda?date=${day}`)).body));
    const items = agendas.flatMap((a) => [...a.overdue, ...a.today]);
    expect(items.length).toBeGreaterThan(10);
    expect(items.some((i) => i.overdue)).toBe(true);
    expect(items.some((i) => i.playbook !== null && i.followUp.script)).toBe(true);
    expect(items.some((i) => i.lastConversation)).toBe(true);
    expect(items.some((i) => i.timeBudget)).toBe(true);
    expect(agendas.flatMap((a) => a.tasks ?? []).some((task) => task.overdue)).toBe(true);
  });
});
