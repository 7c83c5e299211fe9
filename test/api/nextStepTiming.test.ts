import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, followUpSchema, logInteractionResponseSchema, warningSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { snapshotDatabase as snapshotTables } from '../helpers/tableSnapshot.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema> & { warnings: z.infer<typeof warningSchema>[] };
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Agenda = z.infer<typeof agendaSchema>;

const NOW = '2026-12-04T14:00:00Z'; // Friday 4 December, 15:00 in Berlin

/** Issue 9 item 3: a next step agreed in a conversation is due after it; a follow-up put in the past is an overdue promise. */
describe.each(testDialects())('next steps and the clock on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/Berlin' } })); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(NOW); });

  async function freshContact(): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner, 'Europe/Berlin');
    const contact = await api.post<Contact>('/api/v1/contacts', { name: 'Jonas Weber', timeZone: 'Europe/Berlin' });
    return { api, contact: contact.body };
  }

  const call = (contactId: string, due: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    contactId, channel: 'call', result: 'connected', ...extra,
    outcome: { type: 'next-step', next: { due, channel: 'call', agenda: 'the pricing for 40 seats' } },
  });

  it('refuses a next step in the past for a touch logged now: 400 naming outcome.next.due, in words, and nothing changes', async () => {
    const { api, contact } = await freshContact();
    const before = await snapshotTables(t.store.db);
    const response = await api.post('/api/v1/interactions', call(contact.id, { local: '2026-11-01T10:00' }));
    const problem = expectProblem(response, 400, '/invalid');
    expect(problemPaths(problem)).toEqual(['outcome.next.due']);
    expect(problem.detail).toMatch(/^The next step \(Sun 1 Nov, 10:00 their time\) is before the conversation/);
    expect(problem.detail).not.toMatch(/T\d{2}:\d{2}|Europe\//);
    expect(await snapshotTables(t.store.db)).toEqual(before);
  });

  it('refuses an all-day next step on an earlier date', async () => {
    const { api, contact } = await freshContact();
    const response = await api.post('/api/v1/interactions', call(contact.id, { date: '2026-12-03' }));
    expect(problemPaths(expectProblem(response, 400))).toEqual(['outcome.next.due']);
  });

  it('accepts a next step a few minutes ago (the grace), later today, and today all day', async () => {
    const { api, contact } = await freshContact();
    for (const due of [{ at: '2026-12-04T13:57:00Z' }, { local: '2026-12-04T17:00' }, { date: '2026-12-04' }]) {
      const response = await api.post<Logged>('/api/v1/interactions', call(contact.id, due));
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
  });

  it('keeps backfilled history possible: a conversation last week with a next step after it but before now', async () => {
    const { api, contact } = await freshContact();
    const response = await api.post<Logged>('/api/v1/interactions', call(contact.id, { local: '2026-12-01T10:00' }, { occurredAt: '2026-11-27T09:00:00Z' }));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const early = await api.post('/api/v1/interactions', call(contact.id, { local: '2026-11-26T10:00' }, { occurredAt: '2026-11-27T09:00:00Z' }));
    expect(problemPaths(expectProblem(early, 400))).toEqual(['outcome.next.due']);
  });

  it('keeps a follow-up created in the past only as an overdue promise, with a past-due warning', async () => {
    const { api, contact } = await freshContact();
    const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-12-02T10:00' }, channel: 'call', promised: false });
    expect(created.status).toBe(201);
    expect(created.body.promised).toBe(true);
    expect(created.body.warnings).toEqual([{ code: 'past-due', message: expect.stringMatching(/^Wed 2 Dec, 10:00 their time has already passed: it is kept as an overdue promise/) }]);
    const agenda = await api.get<Agenda>('/api/v1/agenda');
    expect(agenda.body.overdue.map((i) => i.followUp.id)).toEqual([created.body.id]);

    const future = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-12-08T10:00' }, channel: 'call' });
    expect(future.body.warnings).toEqual([]);
    expect(future.body.promised).toBe(false);
    const moved = await api.patch<FollowUp>(`/api/v1/follow-ups/${future.body.id}`, { due: { local: '2026-12-03T09:00' } });
    expect(moved.status).toBe(200);
    expect(moved.body.warnings.map((w) => w.code)).toEqual(['past-due']);
    expect(moved.body.promised).toBe(true);
  });
});
