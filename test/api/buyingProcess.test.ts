import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Agenda = z.infer<typeof agendaSchema>;
type Contact = z.infer<typeof contactSchema>;

const ZONE = 'Europe/London';
const ASK = 'Ask how their company buys: who decides, what approval it needs.';

describe.each(testDialects())('how each client buys, on the agenda, on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { owner: { timeZone: ZONE } })); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set('2026-03-02T08:00:00Z'); });

  const freshWorkspace = (): Promise<ApiClient> => newWorkspace(t, owner, ZONE);

  async function contactWithCallToday(api: ApiClient, fields: Record<string, unknown>): Promise<Contact> {
    const contact = await api.post<Contact>('/api/v1/contacts', { timeZone: ZONE, ...fields });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const scheduled = await api.post('/api/v1/follow-ups', { contactId: contact.body.id, due: { local: '2026-03-02T14:00' }, channel: 'call' });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    return contact.body;
  }

  it('shows how the client buys on their agenda item, and the checklist keeps to the four questions', async () => {
    const api = await freshWorkspace();
    await contactWithCallToday(api, { name: 'Kim Known', buyingProcess: 'The CFO signs anything over $10k; procurement needs two quotes' });
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    const [item] = agenda.today;
    expect(item?.contact.buyingProcess).toBe('The CFO signs anything over $10k; procurement needs two quotes');
    expect(item?.checklist).toHaveLength(4);
    expect(item?.checklist).not.toContain(ASK);
  });

  it('when nobody knows yet how they buy (or the note is blank), says so and the checklist asks before agreeing the plan', async () => {
    const api = await freshWorkspace();
    await contactWithCallToday(api, { name: 'Una Unknown' });
    await contactWithCallToday(api, { name: 'Bea Blank', buyingProcess: '   ' });
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    expect(agenda.today).toHaveLength(2);
    for (const item of agenda.today) {
      expect(item.contact.buyingProcess, item.contact.name).toBeNull();
      expect(item.checklist).toHaveLength(5);
      expect(item.checklist[3]).toBe(ASK);
      expect(item.checklist[4]).toMatch(/^Agree the plan together/);
    }
  });
});
