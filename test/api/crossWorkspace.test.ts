import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type {
  agendaSchema, contactSchema, followUpSchema, logInteractionResponseSchema, opportunitySchema, problemSchema, userSchema,
} from '../../src/shared/index.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Problem = z.infer<typeof problemSchema>;
type Agenda = z.infer<typeof agendaSchema>;
type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
type User = z.infer<typeof userSchema>;
type Page<T> = { items: T[]; nextCursor: string | null };
type Response = { status: number; body: unknown; headers: Record<string, unknown> };

/** The records a call names: workspace A's real ones, or ids that exist nowhere. */
interface Ids {
  contactId: string;
  followUpId: string;
  opportunityId: string;
  tokenId: string;
  userId: string;
  workspaceId: string;
}

const PASSWORD = 'correct horse battery';
const UNKNOWN = '00000000-0000-7000-8000-000000000000';
const NOWHERE: Ids = { contactId: UNKNOWN, followUpId: UNKNOWN, opportunityId: UNKNOWN, tokenId: UNKNOWN, userId: UNKNOWN, workspaceId: UNKNOWN };

function expectProblem(response: Response, status: number): Problem {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  return problem;
}

describe.each(testDialects())('workspace isolation on %s', (dialect) => {
  let t: TestApp;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let a: Ids;
  let contactB: Contact;
  let bobCookie: string;
  let bobCsrf: string;

  /** Every row of every table, in a stable order. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const tables = (await t.store.db.introspection.getTables()).map((table) => table.name).sort();
    const result: Record<string, string[]> = {};
    for (const table of tables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.store.db);
      result[table] = rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
    }
    return result;
  }

  beforeAll(async () => {
    const owner = await startTestAppWithOwner(dialect);
    t = owner.t;
    apiA = owner.api;

    // Workspace A: a contact with a conversation, an agreed follow-up, an opportunity, consent records, a token and a member.
    const contact = (await apiA.post<Contact>('/api/v1/contacts', { name: 'Alice Private', email: 'alice@a.example', timeZone: 'America/New_York' })).body;
    const logged = (await apiA.post<Logged>('/api/v1/interactions', {
      contactId: contact.id, channel: 'meeting', notes: 'secret pricing talk',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T10:00' }, channel: 'call', agenda: 'secret agenda' } },
    })).body;
    await apiA.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'paused' });
    await apiA.post(`/api/v1/contacts/${contact.id}/opt-in`, { evidence: 'resumed by email' });
    const followUp = (await apiA.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-12T10:00' }, channel: 'email' })).body;
    const token = (await apiA.post<{ id: string }>('/api/v1/tokens', { name: 'A only' })).body;
    const member = (await apiA.post<User>('/api/v1/users', { email: 'member@a.example', password: PASSWORD, name: 'A Member', role: 'member' })).body;
    a = {
      contactId: contact.id, followUpId: followUp.id, opportunityId: logged.interaction.opportunityId ?? '',
      tokenId: token.id, userId: member.id, workspaceId: owner.workspaceId,
    };
    expect(Object.values(a).every(Boolean)).toBe(true);

    // Workspace B: made by the same owner (so the only thing keeping them apart is the token), with its own contact and user.
    const workspaceB = await apiA.post<{ token: string }>('/api/v1/workspaces', { name: 'B Co', timeZone: 'Europe/Paris' });
    apiB = client(t.app, workspaceB.body.token);
    contactB = (await apiB.post<Contact>('/api/v1/contacts', { name: 'Bea Own' })).body;
    await apiB.post('/api/v1/users', { email: 'bob@b.example', password: PASSWORD, name: 'Bob B', role: 'admin' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'bob@b.example', password: PASSWORD } });
    bobCookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
    bobCsrf = (login.json() as { csrfToken: string }).csrfToken;
  });
  afterAll(() => closeAll(t));

  const notFoundCalls: Array<{ call: string; send: (ids: Ids) => Promise<Response> }> = [
    { call: 'GET /contacts/{id}', send: (ids) => apiB.get(`/api/v1/contacts/${ids.contactId}`) },
    { call: 'PATCH /contacts/{id}', send: (ids) => apiB.patch(`/api/v1/contacts/${ids.contactId}`, { name: 'Hijacked', notes: 'mine now' }) },
    { call: 'DELETE /contacts/{id}', send: (ids) => apiB.delete(`/api/v1/contacts/${ids.contactId}`) },
    { call: 'POST /contacts/{id}/opt-out', send: (ids) => apiB.post(`/api/v1/contacts/${ids.contactId}/opt-out`, { reason: 'sabotage' }) },
    { call: 'POST /contacts/{id}/opt-in', send: (ids) => apiB.post(`/api/v1/contacts/${ids.contactId}/opt-in`, { evidence: 'forged' }) },
    { call: 'GET /contacts/{id}/timeline', send: (ids) => apiB.get(`/api/v1/contacts/${ids.contactId}/timeline`) },
    { call: 'GET /contacts/{id}/consent', send: (ids) => apiB.get(`/api/v1/contacts/${ids.contactId}/consent`) },
    { call: 'GET /follow-ups/{id}', send: (ids) => apiB.get(`/api/v1/follow-ups/${ids.followUpId}`) },
    { call: 'PATCH /follow-ups/{id} (reschedule)', send: (ids) => apiB.patch(`/api/v1/follow-ups/${ids.followUpId}`, { due: { date: '2026-04-01' }, agenda: 'hijacked' }) },
    { call: 'PATCH /follow-ups/{id} (cancel)', send: (ids) => apiB.patch(`/api/v1/follow-ups/${ids.followUpId}`, { status: 'cancelled', reason: 'sabotage' }) },
    { call: 'GET /opportunities/{id}', send: (ids) => apiB.get(`/api/v1/opportunities/${ids.opportunityId}`) },
    { call: 'POST /interactions with the contactId', send: (ids) => apiB.post('/api/v1/interactions', { contactId: ids.contactId, channel: 'call', result: 'connected', outcome: { type: 'no' } }) },
    { call: 'POST /follow-ups with the contactId', send: (ids) => apiB.post('/api/v1/follow-ups', { contactId: ids.contactId, due: { date: '2026-04-01' }, channel: 'email' }) },
    { call: 'POST /opportunities with the contactId', send: (ids) => apiB.post('/api/v1/opportunities', { contactId: ids.contactId, title: 'Poached' }) },
    { call: 'DELETE /tokens/{id}', send: (ids) => apiB.delete(`/api/v1/tokens/${ids.tokenId}`) },
    {
      call: 'POST /session/workspace (a session switching into it)',
      send: async (ids) => {
        const response = await t.app.inject({
          method: 'POST', url: '/api/v1/session/workspace', cookies: { ft_session: bobCookie }, headers: { 'x-csrf-token': bobCsrf }, payload: { workspaceId: ids.workspaceId },
        });
        return { status: response.statusCode, body: response.json(), headers: response.headers };
      },
    },
  ];

  it.each(notFoundCalls)('$call answers 404 exactly as for a missing record, and changes nothing', async ({ send }) => {
    const before = await snapshot();
    const foreign = expectProblem(await send(a), 404);
    expect(await snapshot()).toEqual(before);
    const missing = expectProblem(await send(NOWHERE), 404);
    expect(foreign).toEqual(missing);
  });

  const invalidReferenceCalls: Array<{ call: string; send: (ids: Ids) => Promise<Response> }> = [
    { call: 'POST /interactions fulfilling its follow-up', send: (ids) => apiB.post('/api/v1/interactions', { contactId: contactB.id, channel: 'email', followUpId: ids.followUpId }) },
    { call: 'POST /interactions on its opportunity', send: (ids) => apiB.post('/api/v1/interactions', { contactId: contactB.id, channel: 'email', opportunityId: ids.opportunityId }) },
    { call: 'POST /follow-ups on its opportunity', send: (ids) => apiB.post('/api/v1/follow-ups', { contactId: contactB.id, opportunityId: ids.opportunityId, due: { date: '2026-04-01' }, channel: 'email' }) },
    { call: 'POST /contacts owned by its member', send: (ids) => apiB.post('/api/v1/contacts', { name: 'Owned Elsewhere', ownerId: ids.userId }) },
    { call: 'PATCH /contacts/{id} owned by its member', send: (ids) => apiB.patch(`/api/v1/contacts/${contactB.id}`, { ownerId: ids.userId }) },
  ];

  it.each(invalidReferenceCalls)('$call is refused exactly as for a missing record, and changes nothing', async ({ send }) => {
    const before = await snapshot();
    const foreign = expectProblem(await send(a), 400);
    expect(await snapshot()).toEqual(before);
    const missing = expectProblem(await send(NOWHERE), 400);
    expect(foreign).toEqual(missing);
  });

  it('GET /follow-ups?contactId= of a foreign contact is an empty list', async () => {
    const response = await apiB.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${a.contactId}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('GET /opportunities?contactId= of a foreign contact is an empty list', async () => {
    const response = await apiB.get<Page<Opportunity>>(`/api/v1/opportunities?contactId=${a.contactId}`);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('lists show nothing of the other workspace', async () => {
    const contacts = await apiB.get<Page<Contact>>('/api/v1/contacts?limit=500');
    expect(contacts.body.items.map((c) => c.id)).toEqual([contactB.id]);
    expect((await apiB.get<Page<Contact>>('/api/v1/contacts?q=alice')).body.items).toEqual([]);
    expect((await apiB.get<Page<Contact>>(`/api/v1/contacts?ownerId=${a.userId}`)).body.items).toEqual([]);
    expect((await apiB.get<Page<FollowUp>>('/api/v1/follow-ups?limit=500')).body.items).toEqual([]);
    expect((await apiB.get<Page<Opportunity>>('/api/v1/opportunities?limit=500')).body.items).toEqual([]);
    const users = await apiB.get<Page<User>>('/api/v1/users');
    expect(users.body.items.map((u) => u.email)).not.toContain('member@a.example');
    const tokens = await apiB.get<Page<{ id: string }>>('/api/v1/tokens');
    expect(tokens.body.items.map((tk) => tk.id)).not.toContain(a.tokenId);
  });

  it('the agenda shows nothing of the other workspace', async () => {
    for (const date of ['2026-03-10', '2026-03-12']) {
      const agenda = await apiB.get<Agenda>(`/api/v1/agenda?date=${date}`);
      expect(agenda.status).toBe(200);
      expect([...agenda.body.overdue, ...agenda.body.today]).toEqual([]);
    }
  });

  it('the same ids work in their own workspace (so the 404s above come from isolation alone)', async () => {
    expect((await apiA.get(`/api/v1/contacts/${a.contactId}`)).status).toBe(200);
    expect((await apiA.get(`/api/v1/contacts/${a.contactId}/timeline`)).status).toBe(200);
    expect((await apiA.get(`/api/v1/contacts/${a.contactId}/consent`)).status).toBe(200);
    expect((await apiA.get(`/api/v1/follow-ups/${a.followUpId}`)).status).toBe(200);
    expect((await apiA.get(`/api/v1/opportunities/${a.opportunityId}`)).status).toBe(200);
    const followUps = await apiA.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${a.contactId}`);
    expect(followUps.body.items).toHaveLength(2);
    expect((await apiA.get<Page<{ id: string }>>('/api/v1/tokens')).body.items.map((tk) => tk.id)).toContain(a.tokenId);
  });
});
