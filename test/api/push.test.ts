import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { PushWorker } from '../../src/jobs/pushWorker.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import type { contactSchema, followUpSchema } from '../../src/shared/index.js';
import type { PushReminderPayload, PushSubscriptionView } from '../../src/shared/push.js';
import { connect, type Store } from '../../src/store/connect.js';
import { pruneOldPushDeliveries, pushDeliveriesOf } from '../../src/store/pushDeliveries.js';
import { client, newWorkspace, startTestApp, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { StandInPushService, type BrowserSubscription } from '../helpers/pushService.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type List<T> = { items: T[]; nextCursor: string | null };

const NOW = '2026-12-07T08:00:00Z'; // Monday 7 December, 08:00 in London
const MINUTE = 60_000;
const SUBJECT = 'mailto:ops@example.com';
const PASSWORD = 'push test password';

/** Issue 15 item 4: Web Push reminders at the agreed time, from a push outbox, exactly once. */
describe.each(testDialects())('push reminders on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let service: StandInPushService;
  let worker: PushWorker;

  beforeAll(async () => {
    [{ t, api: owner }, service] = await Promise.all([startTestAppWithOwner(dialect, { at: NOW }), StandInPushService.start()]);
    worker = new PushWorker({ deps: t.deps, subject: SUBJECT });
  });
  afterAll(() => closeAll(t, service));
  beforeEach(() => { t.clock.set(NOW); });

  const at = (iso: string, minutes = 0) => t.clock.set(new Date(Date.parse(iso) + minutes * MINUTE).toISOString());
  const publicKey = async (api: ApiClient) => (await api.get<{ publicKey: string }>('/api/v1/push/public-key')).body.publicKey;

  let users = 0;
  /** A user of their own (reminders are per user), acting through their own API token in a workspace of their own. */
  async function newUser(): Promise<ApiClient> {
    const workspace = await newWorkspace(t, owner, 'Europe/London');
    const email = `seller${++users}@push.example`;
    expect((await workspace.post('/api/v1/users', { email, password: PASSWORD, name: `Seller ${users}`, role: 'admin' })).status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session');
    if (!cookie) throw new Error('no session cookie');
    const made = await t.app.inject({
      method: 'POST', url: '/api/v1/tokens', payload: { name: 'push test' },
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
    });
    expect(made.statusCode, made.body).toBe(201);
    const api = client(t.app, made.json<{ token: string }>().token);
    expect((await api.patch('/api/v1/me', { timeZone: 'Europe/London' })).status).toBe(200);
    return api;
  }

  /** A user with a contact, and this user's browsers subscribed. */
  async function salesperson(contactZone = 'America/New_York', count = 1) {
    const api = await newUser();
    const me = await api.get<{ user: { id: string } }>('/api/v1/me');
    const contact = (await api.post<Contact>('/api/v1/contacts', { name: 'Ana Souza', timeZone: contactZone })).body;
    const browsers: BrowserSubscription[] = [];
    for (let i = 0; i < count; i++) {
      const browser = service.subscribe(await publicKey(api));
      const saved = await api.post<PushSubscriptionView>('/api/v1/push/subscriptions', browser.json);
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      browsers.push(browser);
    }
    return { api, userId: me.body.user.id, contact, browsers };
  }

  async function followUp(api: ApiClient, contactId: string, dueAt: string, extra: Record<string, unknown> = {}): Promise<FollowUp> {
    const due = /T/.test(dueAt) ? { at: dueAt } : { date: dueAt };
    const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due, channel: 'video', agenda: 'the pricing for 40 seats', ...extra });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  const receivedFor = (browser: BrowserSubscription) => service.received.filter((r) => r.subscriptionId === browser.id);
  /** Runs the worker until a round claims nothing. */
  async function drain(w: PushWorker = worker): Promise<void> {
    for (let round = 0; round < 50 && (await w.runOnce()).claimed > 0; round++);
  }

  it('gives the server\'s VAPID public key, the same on every call, with the private key stored sealed', async () => {
    const first = await owner.get<{ publicKey: string }>('/api/v1/push/public-key');
    expect(first.status).toBe(200);
    const key = Buffer.from(first.body.publicKey, 'base64url');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
    expect(await publicKey(owner)).toBe(first.body.publicKey);
    const stored = await t.store.db.selectFrom('push_keys').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.sealed_private_key).toMatch(/^v1:/);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/v1/push/public-key'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/push/subscriptions'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/push/subscriptions/{id}'] ?? {})).toEqual(['delete']);
  });

  it('subscribes a browser, lists it, and unsubscribes it; only the user\'s own', async () => {
    const api = await newUser();
    const browser = service.subscribe(await publicKey(api));
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/push/subscriptions', payload: { ...browser.json, expirationTime: null },
      headers: { authorization: `Bearer ${api.token}`, 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json<PushSubscriptionView>();
    expect(view).toMatchObject({ endpoint: browser.json.endpoint, device: 'Chrome on Android', disabledAt: null, lastSuccessAt: null });
    // The same browser again (new keys after a reset): the one row is updated, not doubled.
    const again = await api.post<PushSubscriptionView>('/api/v1/push/subscriptions', { ...browser.json, device: 'Work laptop' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(view.id);
    const listed = await api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions');
    expect(listed.body.items.map((s) => [s.id, s.device])).toEqual([[view.id, 'Work laptop']]);

    // Another user neither sees it nor can remove it.
    const stranger = await newUser();
    expect((await stranger.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions')).body.items).toEqual([]);
    expectProblem(await stranger.delete(`/api/v1/push/subscriptions/${view.id}`), 404);

    expect((await api.delete(`/api/v1/push/subscriptions/${view.id}`)).status).toBe(204);
    expectProblem(await api.delete(`/api/v1/push/subscriptions/${view.id}`), 404);
    expect((await api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions')).body.items).toEqual([]);
  });

  it('refuses a subscription it could not use with a 400 naming the field, and stores nothing', async () => {
    const api = await newUser();
    const browser = service.subscribe(await publicKey(api));
    const cases: Array<[unknown, string]> = [
      [{ keys: browser.json.keys }, 'endpoint'],
      [{ ...browser.json, endpoint: 'not a url' }, 'endpoint'],
      [{ ...browser.json, endpoint: 'ftp://push.example.com/x' }, 'endpoint'],
      [{ ...browser.json, keys: { ...browser.json.keys, p256dh: 'c2hvcnQ' } }, 'keys.p256dh'],
      [{ ...browser.json, keys: { p256dh: browser.json.keys.p256dh } }, 'keys.auth'],
      [{ endpoint: browser.json.endpoint }, 'keys'],
    ];
    for (const [body, path] of cases) {
      const problem = expectProblem(await api.post('/api/v1/push/subscriptions', body), 400);
      expect(problemPaths(problem), JSON.stringify(problem)).toContain(path);
    }
    expect((await api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions')).body.items).toEqual([]);
  });

  it('refuses a push service on a private address unless ALLOW_PRIVATE_TARGETS', async () => {
    const strict = await startTestAppWithOwner(dialect, { allowPrivateTargets: false });
    try {
      const browser = service.subscribe(await publicKey(strict.api));
      for (const endpoint of ['https://127.0.0.1/push/x', 'https://10.1.2.3/push/x', 'https://[::1]/push/x', browser.json.endpoint]) {
        const problem = expectProblem(await strict.api.post('/api/v1/push/subscriptions', { ...browser.json, endpoint }), 400);
        expect(problemPaths(problem)).toEqual(['endpoint']);
      }
      expect((await strict.api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions')).body.items).toEqual([]);
    } finally {
      await strict.t.close();
    }
  });

  it('without SECRETS_KEY there is no key to sign with: the public key is refused in words, and the worker sends nothing', async () => {
    const bare = await startTestApp(dialect, { secretsKey: null });
    try {
      const response = await bare.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'o@example.com', password: 'correct horse battery', name: 'O', workspace: 'W', timeZone: 'Europe/London' } });
      const token = response.json<{ token: string }>().token;
      const refused = await bare.app.inject({ method: 'GET', url: '/api/v1/push/public-key', headers: { authorization: `Bearer ${token}` } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ detail: string }>().detail).toMatch(/SECRETS_KEY/);
      expect((await new PushWorker({ deps: bare.deps, subject: SUBJECT }).runOnce()).claimed).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it('delivers the reminder at the due time less the user\'s lead, once, with a payload only the browser can read', async () => {
    const { api, contact, browsers: [browser] } = await salesperson('America/New_York');
    const due = '2026-12-07T15:00:00.000Z'; // 15:00 in London, 10:00 in New York
    const promise = await followUp(api, contact.id, due);
    await followUp(api, contact.id, '2026-12-08', { channel: 'call' }); // all day: no reminder

    at(due, -11);
    expect((await worker.runOnce()).claimed).toBe(0);
    at(due, -10);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const [push] = receivedFor(browser!);
    expect(receivedFor(browser!)).toHaveLength(1);
    const payload = push?.payload as PushReminderPayload;
    expect(payload).toMatchObject({
      type: 'follow-up-reminder', followUpId: promise.id, channel: 'video', agenda: 'the pricing for 40 seats', dueAt: due,
      title: 'A video call with Ana Souza at 15:00',
      body: '15:00 your time, 10:00 for them (New York). Agenda: the pricing for 40 seats',
      contact: { id: contact.id, name: 'Ana Souza', timeZone: 'America/New_York' },
      yourTime: { local: '2026-12-07T15:00', timeZone: 'Europe/London' },
      theirTime: { local: '2026-12-07T10:00', timeZone: 'America/New_York' },
      url: `http://127.0.0.1:3000/#/contacts/${contact.id}?followUp=${promise.id}`,
    });
    expect(push).toMatchObject({ ttl: 600, topic: promise.id.replaceAll('-', ''), urgency: 'high', claims: { sub: SUBJECT, aud: service.origin } });
    expect(service.rejected).toEqual([]);

    at(due, -5);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(receivedFor(browser!)).toHaveLength(1);
    const listed = await api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions');
    expect(listed.body.items[0]?.lastSuccessAt).toBe(new Date(Date.parse(due) - 10 * MINUTE).toISOString());
  });

  it('a subscription made after the reminder time still hears before the due time; none after it', async () => {
    const { api, contact } = await salesperson();
    const due = '2026-12-07T12:00:00.000Z';
    const late = await followUp(api, contact.id, '2026-12-07T11:00:00.000Z');
    await followUp(api, contact.id, due);
    at(due, -3);
    const browser = service.subscribe(await publicKey(api));
    expect((await api.post('/api/v1/push/subscriptions', browser.json)).status).toBe(201);
    await drain();
    expect(receivedFor(browser).map((r) => (r.payload as PushReminderPayload).dueAt)).toEqual([due]);
    expect(receivedFor(browser).some((r) => (r.payload as PushReminderPayload).followUpId === late.id)).toBe(false);
  });

  it('goes to every subscribed browser of the user, and follows the lead the user set (0: none)', async () => {
    const { api, contact, browsers } = await salesperson('Europe/London', 2);
    const patched = await api.patch('/api/v1/me', { reminderMinutes: 30 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const due = '2026-12-07T14:00:00.000Z';
    await followUp(api, contact.id, due, { agenda: null });
    at(due, -31);
    await drain();
    expect(browsers.flatMap(receivedFor)).toHaveLength(0);
    at(due, -30);
    await drain();
    for (const browser of browsers) {
      expect(receivedFor(browser)).toHaveLength(1);
      expect(receivedFor(browser)[0]?.payload).toMatchObject({ body: '14:00, your time and theirs.', agenda: null });
    }
    expect((await api.patch('/api/v1/me', { reminderMinutes: 0 })).status).toBe(200);
    const quiet = '2026-12-07T16:00:00.000Z';
    await followUp(api, contact.id, quiet);
    at(quiet, -1);
    await drain();
    expect(browsers.flatMap(receivedFor)).toHaveLength(2);
  });

  it('a rescheduled follow-up is reminded of at its new time (again, if the old reminder went); a cancelled one never', async () => {
    const { api, contact, browsers: [browser] } = await salesperson();
    const due = '2026-12-07T13:00:00.000Z';
    const moved = await followUp(api, contact.id, due);
    const cancelled = await followUp(api, contact.id, '2026-12-07T13:30:00.000Z');
    const movedTwice = await followUp(api, contact.id, '2026-12-07T13:45:00.000Z');

    at(due, -30);
    // Moved before its reminder: nothing at the old time.
    expect((await api.patch(`/api/v1/follow-ups/${movedTwice.id}`, { due: { at: '2026-12-07T17:00:00.000Z' } })).status).toBe(200);
    expect((await api.patch(`/api/v1/follow-ups/${cancelled.id}`, { status: 'cancelled', reason: 'they wrote instead' })).status).toBe(200);
    at(due, -10);
    await drain();
    at('2026-12-07T13:45:00.000Z', -10);
    await drain();
    expect(receivedFor(browser!).map((r) => (r.payload as PushReminderPayload).followUpId)).toEqual([moved.id]);

    // Moved after its reminder went: the new time gets its own.
    expect((await api.patch(`/api/v1/follow-ups/${moved.id}`, { due: { at: '2026-12-07T16:00:00.000Z' } })).status).toBe(200);
    at('2026-12-07T16:00:00.000Z', -10);
    await drain();
    at('2026-12-07T17:00:00.000Z', -10);
    await drain();
    expect(receivedFor(browser!).map((r) => [(r.payload as PushReminderPayload).followUpId, (r.payload as PushReminderPayload).dueAt])).toEqual([
      [moved.id, due], [moved.id, '2026-12-07T16:00:00.000Z'], [movedTwice.id, '2026-12-07T17:00:00.000Z'],
    ]);
    expect(service.received.filter((r) => (r.payload as PushReminderPayload).followUpId === cancelled.id)).toEqual([]);
  });

  it('a push service answering 410 disables the subscription: nothing more is sent to it', async () => {
    const { api, userId, contact, browsers: [gone, kept] } = await salesperson('Europe/London', 2);
    service.behave(gone!.id, { kind: 'status', status: 410 });
    const due = '2026-12-07T10:00:00.000Z';
    await followUp(api, contact.id, due);
    at(due, -10);
    await drain();
    expect(receivedFor(kept!)).toHaveLength(1);
    const listed = (await api.get<List<PushSubscriptionView>>('/api/v1/push/subscriptions')).body.items;
    const disabled = listed.find((s) => s.endpoint === gone!.json.endpoint);
    expect(disabled?.disabledAt).not.toBeNull();
    expect(disabled?.disabledReason).toMatch(/410/);
    expect((await pushDeliveriesOf(t.store.db, userId)).map((d) => d.status).sort()).toEqual(['gone', 'sent']);

    service.behave(gone!.id, { kind: 'accept' });
    const next = '2026-12-07T11:00:00.000Z';
    await followUp(api, contact.id, next);
    at(next, -10);
    await drain();
    expect(receivedFor(gone!)).toHaveLength(0);
    expect(receivedFor(kept!)).toHaveLength(2);
  });

  it('a 503 is tried again later, with the next attempt, and sent once', async () => {
    const { api, userId, contact, browsers: [browser] } = await salesperson();
    service.behave(browser!.id, { kind: 'status', status: 503 });
    const due = '2026-12-07T10:30:00.000Z';
    await followUp(api, contact.id, due);
    at(due, -10);
    await drain();
    expect(await pushDeliveriesOf(t.store.db, userId)).toMatchObject([{ status: 'queued', attempt: 1 }]);
    service.behave(browser!.id, { kind: 'accept' });
    await drain();
    expect(receivedFor(browser!)).toHaveLength(0);
    at(due, -9);
    await drain();
    expect(receivedFor(browser!)).toHaveLength(1);
    expect(await pushDeliveriesOf(t.store.db, userId)).toMatchObject([{ status: 'sent', attempt: 2 }]);
  });

  it('forgets deliveries a month after their due time, and reminds of nothing again for them', async () => {
    const { api, userId, contact, browsers: [browser] } = await salesperson();
    const due = '2026-12-07T09:30:00.000Z';
    await followUp(api, contact.id, due);
    at(due, -10);
    await drain();
    expect(await pushDeliveriesOf(t.store.db, userId)).toHaveLength(1);
    expect(await pruneOldPushDeliveries(t.store.db, '2026-12-07T09:00:00.000Z')).toBe(0);
    expect(await pruneOldPushDeliveries(t.store.db, '2026-12-07T09:31:00.000Z')).toBeGreaterThanOrEqual(1);
    expect(await pushDeliveriesOf(t.store.db, userId)).toHaveLength(0);
    at(due, 1);
    await drain();
    expect(receivedFor(browser!)).toHaveLength(1);
  });

  it('two workers on one database: every reminder to every browser exactly once', async () => {
    const { api, userId, contact, browsers } = await salesperson('Asia/Tokyo', 3);
    const second: Store = dialect === 'sqlite' ? t.store : connect(t.url);
    try {
      const deps: ServiceDeps = { ...t.deps, store: second };
      const workers = [new PushWorker({ deps: t.deps, subject: SUBJECT, batchSize: 2 }), new PushWorker({ deps, subject: SUBJECT, batchSize: 2 })];
      const dues = ['2026-12-07T09:00:00.000Z', '2026-12-07T09:01:00.000Z', '2026-12-07T09:02:00.000Z', '2026-12-07T09:03:00.000Z', '2026-12-07T09:04:00.000Z'];
      const made = [];
      for (const due of dues) made.push(await followUp(api, contact.id, due));
      at('2026-12-07T08:58:00.000Z');
      for (let round = 0; round < 50; round++) {
        const reports = await Promise.all(workers.map((w) => w.runOnce()));
        if (reports.every((r) => r.claimed === 0)) break;
      }
      const keys = browsers.flatMap(receivedFor).map((r) => `${r.subscriptionId} ${(r.payload as PushReminderPayload).followUpId}`);
      expect(keys).toHaveLength(made.length * browsers.length);
      expect(new Set(keys).size).toBe(keys.length);
      const rows = await pushDeliveriesOf(t.store.db, userId);
      expect(rows).toHaveLength(made.length * browsers.length);
      expect(rows.every((d) => d.status === 'sent' && d.attempt === 1)).toBe(true);
    } finally {
      if (second !== t.store) await second.close();
    }
  });
});
