import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { connect, type Store } from '../../src/store/connect.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';

/**
 * Issue 12 finding 5: a POST sent twice with one Idempotency-Key was carried out twice (two
 * contacts, two touches). Now a key is claimed before the work: a second request while the first
 * runs gets 409 (retry shortly), one after it gets the first response again with
 * `Idempotent-Replayed: true`, and one with a different body gets 422. Keys are per workspace and
 * user, live 24 hours, and an error response lets the key go.
 */

interface Sent { status: number; body: string; json: unknown; headers: Record<string, unknown> }

async function send(app: FastifyInstance, token: string, url: string, payload: unknown, key?: string, extra: Record<string, string> = {}): Promise<Sent> {
  const response = await app.inject({
    method: 'POST', url, payload: JSON.stringify(payload),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }), ...extra },
  });
  const json: unknown = response.body && /json/.test(String(response.headers['content-type'])) ? JSON.parse(response.body) : null;
  return { status: response.statusCode, body: response.body, json, headers: response.headers as Record<string, unknown> };
}

const asProblem = (sent: Sent) => ({ status: sent.status, body: sent.json, headers: sent.headers });

describe.each(testDialects())('issue 12 finding 5: idempotency (%s)', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let token: string;
  let workspaceId: string;

  beforeAll(async () => {
    ({ t, api, workspaceId } = await startTestAppWithOwner(dialect));
    token = api.token;
  });
  afterAll(() => closeAll(t));

  const contactsNamed = async (name: string): Promise<string[]> =>
    (await t.store.db.selectFrom('contacts').select('id').where('name', '=', name).execute()).map((r) => r.id);

  it('two concurrent POST /contacts with one key create one contact; the loser is told to retry; a retry gets the first response', async () => {
    const key = randomUUID();
    const body = { name: 'Concurrent Carla', email: 'carla@example.com' };
    const [a, b] = await Promise.all([send(t.app, token, '/api/v1/contacts', body, key), send(t.app, token, '/api/v1/contacts', body, key)]);
    const ids = await contactsNamed('Concurrent Carla');
    expect(ids).toHaveLength(1);
    // Defined behaviour: each of the two is either the one that ran (201), a replay of it (201, same body), or
    // arrived while it ran (409 in-flight, with Retry-After). At least one ran.
    const created = [a, b].filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect((r.json as { id: string }).id).toBe(ids[0]);
    for (const r of [a, b].filter((x) => x.status !== 201)) {
      const problem = expectProblem(asProblem(r), 409, 'idempotency-key-in-use');
      expect(problem.detail).toBe('a request with this Idempotency-Key is still being processed, retry shortly');
      expect(r.headers['retry-after']).toBe('1');
    }

    const first = created.find((r) => r.headers['idempotent-replayed'] === undefined) ?? created[0];
    const again = await send(t.app, token, '/api/v1/contacts', body, key);
    expect(again.status).toBe(201);
    expect(again.body).toBe(first?.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await contactsNamed('Concurrent Carla')).toHaveLength(1);
  });

  it('the same body with its fields in another order is the same request (replayed)', async () => {
    const key = randomUUID();
    const first = await send(t.app, token, '/api/v1/contacts', { name: 'Ordered Olga', company: 'Acme' }, key);
    const second = await send(t.app, token, '/api/v1/contacts', { company: 'Acme', name: 'Ordered Olga' }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('a double-submitted POST /interactions logs one touch', async () => {
    const contact = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Touched Tom' })).body;
    const key = randomUUID();
    const touch = { contactId: contact.id, channel: 'call', result: 'no-answer' };
    const [a, b] = await Promise.all([send(t.app, token, '/api/v1/interactions', touch, key), send(t.app, token, '/api/v1/interactions', touch, key)]);
    expect([a.status, b.status].sort()).toContain(201);
    const later = await send(t.app, token, '/api/v1/interactions', touch, key);
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBe('true');
    const rows = await t.store.db.selectFrom('interactions').select('id').where('contact_id', '=', contact.id).execute();
    expect(rows).toHaveLength(1);
    expect((later.json as { interaction: { id: string } }).interaction.id).toBe(rows[0]?.id);
  });

  it('the same key with a different body is refused with 422 and creates nothing', async () => {
    const key = randomUUID();
    expect((await send(t.app, token, '/api/v1/contacts', { name: 'First Fiona' }, key)).status).toBe(201);
    const other = await send(t.app, token, '/api/v1/contacts', { name: 'Second Sam' }, key);
    const problem = expectProblem(asProblem(other), 422, 'idempotency-key-reused');
    expect(problem.detail).toMatch(/already used for a different request/);
    expect(problemPaths(problem)).toEqual(['Idempotency-Key']);
    expect(await contactsNamed('Second Sam')).toHaveLength(0);
    // Another path or query is a different request too.
    const elsewhere = await send(t.app, token, '/api/v1/contacts?from=elsewhere', { name: 'First Fiona' }, key);
    expectProblem(asProblem(elsewhere), 422, 'idempotency-key-reused');
    expect(await contactsNamed('First Fiona')).toHaveLength(1);
  });

  it('keys are kept per workspace and per user: the same key elsewhere is a new request', async () => {
    const key = randomUUID();
    const body = { name: 'Shared Key Shane' };
    const mine = await send(t.app, token, '/api/v1/contacts', body, key);
    expect(mine.status).toBe(201);

    const otherWorkspace = await api.post<{ token: string; workspace: { id: string } }>('/api/v1/workspaces', { name: 'Second shop', timeZone: 'Europe/London' });
    const there = await send(t.app, otherWorkspace.body.token, '/api/v1/contacts', body, key);
    expect(there.status).toBe(201);
    expect(there.headers['idempotent-replayed']).toBeUndefined();
    expect((there.json as { id: string }).id).not.toBe((mine.json as { id: string }).id);

    const member = { email: `member-${randomUUID()}@example.com`, password: 'member password 123', name: 'Mo Member', role: 'member' };
    expect((await api.post('/api/v1/users', member)).status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: member.email, password: member.password } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'ft_session');
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const byMember = await t.app.inject({
      method: 'POST', url: '/api/v1/contacts', payload: body,
      headers: { cookie: `ft_session=${cookie?.value ?? ''}`, 'x-csrf-token': csrf, 'idempotency-key': key },
    });
    expect(byMember.statusCode).toBe(201);
    expect(byMember.headers['idempotent-replayed']).toBeUndefined();
    const ownWorkspaceIds = await t.store.db.selectFrom('contacts').select('id').where('name', '=', body.name).where('workspace_id', '=', workspaceId).execute();
    expect(ownWorkspaceIds).toHaveLength(2);
  });

  it('after 24 hours a key is fresh again', async () => {
    const key = randomUUID();
    const body = { name: 'Tomorrow Tara' };
    const first = await send(t.app, token, '/api/v1/contacts', body, key);
    t.clock.advance(23 * 3_600_000);
    expect((await send(t.app, token, '/api/v1/contacts', body, key)).headers['idempotent-replayed']).toBe('true');
    t.clock.advance(3_600_000 + 1);
    const later = await send(t.app, token, '/api/v1/contacts', body, key);
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect((later.json as { id: string }).id).not.toBe((first.json as { id: string }).id);
    expect(await contactsNamed('Tomorrow Tara')).toHaveLength(2);
    // The day-old rows of the workspace went as the key was claimed.
    const old = await t.store.db.selectFrom('idempotency_keys').select('key').where('workspace_id', '=', workspaceId)
      .where('created_at', '<', new Date(t.clock.nowMs - 24 * 3_600_000).toISOString()).execute();
    expect(old).toEqual([]);
  });

  it('an error response does not keep the key: the corrected request goes through with it', async () => {
    const key = randomUUID();
    const invalid = await send(t.app, token, '/api/v1/contacts', { name: '' }, key);
    expect(invalid.status).toBe(400);
    const fixed = await send(t.app, token, '/api/v1/contacts', { name: 'Fixed Fred' }, key);
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();

    // Refused by the service after the key was claimed (no such contact): released too.
    const key2 = randomUUID();
    const missing = await send(t.app, token, '/api/v1/interactions', { contactId: '01900000-0000-7000-8000-000000000000', channel: 'call', result: 'no-answer' }, key2);
    expect(missing.status).toBe(404);
    const contactId = (fixed.json as { id: string }).id;
    const logged = await send(t.app, token, '/api/v1/interactions', { contactId, channel: 'call', result: 'no-answer' }, key2);
    expect(logged.status).toBe(201);
    expect(await t.store.db.selectFrom('idempotency_keys').select('status').where('key', '=', key2).execute()).toEqual([{ status: 'done' }]);
  });

  it('a key that is not 1–255 printable ASCII characters is refused with 400 naming the header, and nothing is created', async () => {
    for (const bad of ['x'.repeat(256), 'schlüssel', 'tab\there']) {
      const refused = await send(t.app, token, '/api/v1/contacts', { name: 'Bad Key Betty' }, bad);
      const problem = expectProblem(asProblem(refused), 400);
      expect(problemPaths(problem)).toEqual(['Idempotency-Key']);
      expect(problem.detail).toMatch(/Idempotency-Key header/);
    }
    expect(await contactsNamed('Bad Key Betty')).toHaveLength(0);
    expect((await send(t.app, token, '/api/v1/contacts', { name: 'Long Key Lou' }, 'k'.repeat(255))).status).toBe(201);
  });

  it('a response that carries a secret shown once (an API token) is not kept: a repeat is refused, not given the token again', async () => {
    const key = randomUUID();
    const made = await send(t.app, token, '/api/v1/tokens', { name: 'CI' }, key);
    expect(made.status).toBe(201);
    const again = await send(t.app, token, '/api/v1/tokens', { name: 'CI' }, key);
    expectProblem(asProblem(again), 409, 'conflict');
    expect(again.body).not.toContain((made.json as { token: string }).token);
    const stored = await t.store.db.selectFrom('idempotency_keys').select(['response_body', 'status']).where('key', '=', key).execute();
    expect(stored).toEqual([{ response_body: null, status: 'done' }]);
    const tokens = await t.store.db.selectFrom('api_tokens').select('id').where('name', '=', 'CI').execute();
    expect(tokens).toHaveLength(1);
  });

  it('without the header nothing changes: two posts are two contacts', async () => {
    await send(t.app, token, '/api/v1/contacts', { name: 'Keyless Kim' });
    await send(t.app, token, '/api/v1/contacts', { name: 'Keyless Kim' });
    expect(await contactsNamed('Keyless Kim')).toHaveLength(2);
  });
});

// Two app instances over one PostgreSQL database, each with its own connection pool: the race is
// decided by the database's unique key, not by anything in one process. (Two SQLite connections in
// one process would block each other's thread; SQLite instances share a file, and one writer.)
describe.runIf(testDialects().includes('postgres'))('issue 12 finding 5: idempotency across two instances (postgres)', () => {
  let t: TestApp;
  let token: string;
  let second: { app: FastifyInstance; store: Store } | undefined;

  beforeAll(async () => {
    let api: ApiClient;
    ({ t, api } = await startTestAppWithOwner('postgres'));
    token = api.token;
    const store = connect(t.url);
    const deps: ServiceDeps = { ...t.deps, store };
    const app = await buildApp({ deps });
    await app.ready();
    second = { app, store };
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.store.close();
    await closeAll(t);
  });

  it('the same key sent to both instances at once creates one contact, twenty times over', async () => {
    const other = second?.app;
    if (!other) throw new Error('no second instance');
    for (let i = 0; i < 20; i++) {
      const key = randomUUID();
      const body = { name: `Raced Rita ${i}` };
      const [a, b] = await Promise.all([send(t.app, token, '/api/v1/contacts', body, key), send(other, token, '/api/v1/contacts', body, key)]);
      expect([a.status, b.status].filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
      for (const s of [a.status, b.status]) expect([201, 409]).toContain(s);
      const rows = await t.store.db.selectFrom('contacts').select('id').where('name', '=', body.name).execute();
      expect(rows).toHaveLength(1);
    }
  });
});
