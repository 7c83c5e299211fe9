import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema, problemSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';

type Problem = z.infer<typeof problemSchema>;
type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Response = { status: number; body: unknown; headers: Record<string, unknown> };

interface BadRequest {
  name: string;
  send: () => Promise<Response>;
  status: number;
  /** A field path the problem's `errors` must name. */
  path?: string;
}

const UNKNOWN = '00000000-0000-7000-8000-000000000000';
const IMPOSSIBLE_LOCAL = '2026-02-30T10:00';

describe.each(testDialects())('bad input on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let contact: Contact;
  let followUp: FollowUp;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect));
    contact = (await api.post<Contact>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'America/New_York' })).body;
    followUp = (await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-10T10:00' }, channel: 'call' })).body;
    // A conversation on record, so that a failed touch would have something to change (touch counts, the opportunity).
    await api.post('/api/v1/interactions', {
      contactId: contact.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-03-11T10:00' }, channel: 'call' } },
    });
  });
  afterAll(() => closeAll(t));

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

  /** A request with a body sent exactly as given (not JSON-encoded by the client). */
  async function raw(method: 'POST' | 'PATCH', url: string, payload: string | undefined, contentType = 'application/json'): Promise<Response> {
    const response = await t.app.inject({
      method, url, headers: { authorization: `Bearer ${api.token}`, 'content-type': contentType }, ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as unknown, headers: response.headers };
  }

  const interactionWithNext = (due: Record<string, unknown>) => ({
    contactId: contact.id, channel: 'call', result: 'connected', notes: 'would be lost', outcome: { type: 'next-step', next: { due, channel: 'call' } },
  });

  const cases: BadRequest[] = [
    // Unknown zones
    { name: 'a contact in an unknown zone', send: () => api.post('/api/v1/contacts', { name: 'Martian', timeZone: 'Mars/Olympus' }), status: 400, path: 'timeZone' },
    { name: 'moving a contact to an unknown zone', send: () => api.patch(`/api/v1/contacts/${contact.id}`, { timeZone: 'Mars/Olympus' }), status: 400, path: 'timeZone' },
    { name: 'a follow-up in an unknown zone', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-10T10:00', timeZone: 'Mars/Olympus' }, channel: 'call' }), status: 400, path: 'due.timeZone' },
    { name: 'the user moving to an unknown zone', send: () => api.patch('/api/v1/me', { timeZone: 'Mars/Olympus' }), status: 400, path: 'timeZone' },
    { name: 'a workspace in an unknown zone', send: () => api.post('/api/v1/workspaces', { name: 'Olympus Mons', timeZone: 'Mars/Olympus' }), status: 400, path: 'timeZone' },
    { name: 'an offset instead of a zone', send: () => api.post('/api/v1/contacts', { name: 'Offset', timeZone: '+02:00' }), status: 400, path: 'timeZone' },
    // Impossible dates and times
    { name: 'a follow-up on 30 February', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: { local: IMPOSSIBLE_LOCAL }, channel: 'call' }), status: 400, path: 'due.local' },
    { name: 'an agreed next step on 30 February', send: () => api.post('/api/v1/interactions', interactionWithNext({ local: IMPOSSIBLE_LOCAL })), status: 400, path: 'outcome.next.due.local' },
    { name: 'rescheduling to 30 February', send: () => api.patch(`/api/v1/follow-ups/${followUp.id}`, { due: { local: IMPOSSIBLE_LOCAL } }), status: 400, path: 'due.local' },
    { name: 'an all-day follow-up on 29 February of a common year', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-02-29' }, channel: 'call' }), status: 400, path: 'due.date' },
    { name: 'a wall time of 24:30', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: { local: '2026-03-10T24:30' }, channel: 'call' }), status: 400, path: 'due.local' },
    { name: 'an instant that is not ISO 8601', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: { at: 'next Tuesday' }, channel: 'call' }), status: 400, path: 'due.at' },
    { name: 'a due with no form', send: () => api.post('/api/v1/follow-ups', { contactId: contact.id, due: {}, channel: 'call' }), status: 400, path: 'due' },
    { name: 'an agenda for 30 February', send: () => api.get('/api/v1/agenda?date=2026-02-30'), status: 400 },
    { name: 'a touch in the future', send: () => api.post('/api/v1/interactions', { contactId: contact.id, channel: 'email', occurredAt: '2027-01-01T00:00:00Z' }), status: 400, path: 'occurredAt' },
    // Wrong shapes
    { name: 'a contact without a name', send: () => api.post('/api/v1/contacts', { company: 'Nameless Inc' }), status: 400, path: 'name' },
    { name: 'a name that is a number', send: () => api.post('/api/v1/contacts', { name: 42 }), status: 400, path: 'name' },
    { name: 'a reachable window on day 8', send: () => api.post('/api/v1/contacts', { name: 'Eight Days', reachable: [{ days: [8], from: '09:00', to: '17:00' }] }), status: 400, path: 'reachable.0.days.0' },
    { name: 'an unknown relationship', send: () => api.post('/api/v1/contacts', { name: 'Frenemy', relationship: 'frenemy' }), status: 400, path: 'relationship' },
    { name: 'an invalid email', send: () => api.post('/api/v1/contacts', { name: 'No At', email: 'not-an-email' }), status: 400, path: 'email' },
    { name: 'an unknown channel on a touch', send: () => api.post('/api/v1/interactions', { contactId: contact.id, channel: 'telepathy' }), status: 400, path: 'channel' },
    { name: 'a conversation without an outcome', send: () => api.post('/api/v1/interactions', { contactId: contact.id, channel: 'call', result: 'connected', notes: 'would be lost' }), status: 400, path: 'outcome' },
    { name: 'a limit of 0', send: () => api.get('/api/v1/contacts?limit=0'), status: 400 },
    { name: 'a limit of 501', send: () => api.get('/api/v1/follow-ups?limit=501'), status: 400 },
    { name: 'a NUL character in a name', send: () => api.post('/api/v1/contacts', { name: 'Nul\u0000Byte' }), status: 400 },
    // Bodies that are not JSON, or too big
    { name: 'malformed JSON', send: () => raw('POST', '/api/v1/contacts', '{"name": "Dana"'), status: 400 },
    { name: 'an empty JSON body', send: () => raw('POST', '/api/v1/contacts', undefined), status: 400 },
    { name: 'a JSON array instead of an object', send: () => raw('POST', '/api/v1/contacts', '[{"name": "Dana"}]'), status: 400 },
    { name: 'a body in an unsupported content type', send: () => raw('POST', '/api/v1/contacts', '<contact/>', 'application/xml'), status: 415 },
    { name: 'a body over 1 MiB', send: () => api.post('/api/v1/contacts', { name: 'Big', notes: 'x'.repeat(1_100_000) }), status: 413 },
    // Unknown ids and routes
    { name: 'an unknown contact', send: () => api.get(`/api/v1/contacts/${UNKNOWN}`), status: 404 },
    { name: 'opting out an unknown contact', send: () => api.post(`/api/v1/contacts/${UNKNOWN}/opt-out`, { reason: 'x' }), status: 404 },
    { name: 'deleting an unknown contact', send: () => api.delete(`/api/v1/contacts/${UNKNOWN}`), status: 404 },
    { name: 'an unknown follow-up', send: () => api.patch(`/api/v1/follow-ups/${UNKNOWN}`, { status: 'cancelled' }), status: 404 },
    { name: 'an unknown opportunity', send: () => api.get(`/api/v1/opportunities/${UNKNOWN}`), status: 404 },
    { name: 'a touch with an unknown contact', send: () => api.post('/api/v1/interactions', { contactId: UNKNOWN, channel: 'email' }), status: 404 },
    { name: 'an unknown route', send: () => api.get('/api/v1/no-such-thing'), status: 404 },
    // Rules and credentials
    { name: 'a second setup', send: () => api.post('/api/v1/setup', { email: 'x@example.com', password: 'correct horse battery', name: 'X', workspace: 'X', timeZone: 'UTC' }), status: 409 },
    { name: 'a missing token', send: async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', payload: { name: 'Anonymous' } });
      return { status: response.statusCode, body: response.json() as unknown, headers: response.headers };
    }, status: 401 },
  ];

  it.each(cases)('$name → $status problem JSON, nothing changed', async ({ send, status, path }) => {
    const before = await snapshot();
    const response = await send();

    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const problem = response.body as Problem;
    expect(problem).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
    expect(problem.title.length).toBeGreaterThan(0);
    for (const error of problem.errors ?? []) expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
    if (path) expect((problem.errors ?? []).map((e) => e.path)).toContain(path);
    if (status === 400 && problem.type !== 'about:blank') expect(problem.type.endsWith('/invalid'), problem.type).toBe(true);

    expect(await snapshot()).toEqual(before);
  });

  it('a valid request still works after all that', async () => {
    const response = await api.post<Contact>('/api/v1/contacts', { name: 'After All', timeZone: 'Pacific/Auckland' });
    expect(response.status).toBe(201);
  });
});
