import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from '../../src/core/webhookRules.js';
import { WebhookWorker } from '../../src/jobs/webhookWorker.js';
import { createSecretBox } from '../../src/mail/secretBox.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { announceLatePromises } from '../../src/services/latePromises.js';
import { claimDueDeliveries, recordDelivered } from '../../src/services/webhookDelivery.js';
import type { WebhookDeliveryView, WebhookView } from '../../src/shared/webhooks.js';
import { connect, type Store } from '../../src/store/connect.js';
import { listOutbox } from '../../src/store/outbox.js';
import { newWorkspace, startTestApp, startTestAppWithOwner, setUpOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { memberOf } from '../helpers/teamMembers.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { WebhookReceiver, type ReceivedDelivery } from '../helpers/webhookReceiver.js';

type Created = WebhookView & { secret: string };
type List<T> = { items: T[] };

const NOW = '2026-03-02T15:00:00Z';

/**
 * The independent check: the `standardwebhooks` package verifies every delivery. Its timestamp
 * tolerance is against the real clock and the server signs with the test's clock, so only that
 * check is replaced (by one against the test's clock); the signature check is the package's own.
 */
function verifier(secret: string, clockMs: () => number): Webhook {
  const webhook = new Webhook(secret);
  Object.assign(webhook, {
    verifyTimestamp: (header: string) => {
      const seconds = Number.parseInt(header, 10);
      if (Math.abs(seconds - Math.floor(clockMs() / 1000)) > 300) throw new Error('timestamp outside the tolerance');
      return new Date(seconds * 1000);
    },
  });
  return webhook;
}

const headersOf = (d: ReceivedDelivery): Record<string, string> =>
  Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));

describe.each(testDialects())('webhooks on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let receiver: WebhookReceiver;
  let worker: WebhookWorker;

  beforeAll(async () => {
    ({ t, api: owner } = await startTestAppWithOwner(dialect, { at: NOW }));
    receiver = await new WebhookReceiver().start();
    worker = new WebhookWorker({ deps: t.deps, random: () => 0 });
  });
  afterAll(() => closeAll(receiver, t));
  beforeEach(() => {
    t.clock.set(NOW);
    receiver.clear();
  });

  let endpoints = 0;
  let path = '/hooks/0';
  /** What this test's endpoint received (earlier tests' endpoints may still be retrying). */
  const received = (): ReceivedDelivery[] => receiver.received.filter((d) => d.path === path);
  /** This test's endpoint answers `status`; the others (still retrying) are answered 200. */
  const only = (status: number) => (d: ReceivedDelivery): number => (d.path === path ? status : 200);

  /** A fresh workspace (so earlier tests' endpoints stay out) with one endpoint of its own path on the receiver. */
  async function endpoint(events: string[], extra: Record<string, unknown> = {}): Promise<{ api: ApiClient; hook: Created }> {
    const api = await newWorkspace(t, owner);
    path = `/hooks/${++endpoints}`;
    const created = await api.post<Created>('/api/v1/webhooks', { url: `${receiver.url}${path}`, events, ...extra });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { api, hook: created.body };
  }

  async function contact(api: ApiClient, name = 'Ana Souza'): Promise<string> {
    const created = await api.post<{ id: string }>('/api/v1/contacts', { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, timeZone: 'Europe/Berlin' });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function drain(): Promise<void> {
    for (let round = 0; round < 20 && (await worker.runOnce()).claimed > 0; round++) { /* until nothing is due */ }
  }

  async function deliveriesOf(api: ApiClient, id: string): Promise<WebhookDeliveryView[]> {
    const response = await api.get<List<WebhookDeliveryView>>(`/api/v1/webhooks/${id}/deliveries`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  }

  describe('managing endpoints', () => {
    it('creates an endpoint with a whsec_ secret shown once, lists it without the secret, and deletes it', async () => {
      const api = await newWorkspace(t, owner);
      const created = await api.post<Created>('/api/v1/webhooks', { url: `${receiver.url}/a`, events: ['interaction.logged', 'booking.created'] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ url: `${receiver.url}/a`, events: ['interaction.logged', 'booking.created'], format: 'standard', enabled: true });
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(created.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
      const listed = await api.get<List<WebhookView>>('/api/v1/webhooks');
      expect(listed.body.items).toHaveLength(1);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.slice(6));
      expect(listed.body.items[0]).not.toHaveProperty('secret');
      const stored = await t.store.db.selectFrom('webhooks').select('sealed_secret').where('id', '=', created.body.id).executeTakeFirstOrThrow();
      expect(stored.sealed_secret).not.toContain(created.body.secret.slice(6));
      expect((await api.delete(`/api/v1/webhooks/${created.body.id}`)).status).toBe(204);
      expect((await api.get<List<WebhookView>>('/api/v1/webhooks')).body.items).toEqual([]);
      expect((await api.delete(`/api/v1/webhooks/${created.body.id}`)).status).toBe(404);
    });

    it('is for owners and admins: a member is refused, and another workspace\'s endpoint is not found', async () => {
      const { hook } = await endpoint(['interaction.logged']);
      const other = await newWorkspace(t, owner);
      expect((await other.delete(`/api/v1/webhooks/${hook.id}`)).status).toBe(404);
      expect((await other.get(`/api/v1/webhooks/${hook.id}/deliveries`)).status).toBe(404);
      const member = (await memberOf(t, owner)).api;
      expectProblem(await member.post('/api/v1/webhooks', { url: `${receiver.url}/m`, events: ['interaction.logged'] }), 403);
      expectProblem(await member.get('/api/v1/webhooks'), 403);
    });

    it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
      const api = await newWorkspace(t, owner);
      const unknown = expectProblem(await api.post('/api/v1/webhooks', { url: `${receiver.url}/x`, events: ['interaction.logged', 'deal.won'] }), 400);
      expect(problemPaths(unknown)).toEqual(['events.1']);
      expect(unknown.errors?.[0]?.message).toContain('"deal.won" is not an event');
      expect(unknown.errors?.[0]?.message).toContain('interaction.logged, follow-up.created');
      expect(problemPaths(expectProblem(await api.post('/api/v1/webhooks', { url: 'not a url', events: ['interaction.logged'] }), 400))).toEqual(['url']);
      expect(problemPaths(expectProblem(await api.post('/api/v1/webhooks', { url: 'ftp://example.com/x', events: ['interaction.logged'] }), 400))).toEqual(['url']);
      expect(problemPaths(expectProblem(await api.post('/api/v1/webhooks', { url: `${receiver.url}/x`, events: [] }), 400))).toEqual(['events']);
      expect(problemPaths(expectProblem(await api.post('/api/v1/webhooks', { url: `${receiver.url}/x`, events: ['booking.created'], format: 'teams' }), 400))).toEqual(['format']);
      expect((await api.get<List<WebhookView>>('/api/v1/webhooks')).body.items).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('signs every delivery per Standard Webhooks, verified by the standardwebhooks package', async () => {
      const { api, hook } = await endpoint(['interaction.logged', 'follow-up.created']);
      const contactId = await contact(api);
      const logged = await api.post('/api/v1/interactions', {
        contactId, channel: 'call', result: 'connected',
        outcome: { type: 'next-step', next: { due: { date: '2026-03-20' }, channel: 'call', agenda: 'the revised quote' } },
      });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
      await drain();
      expect(received()).toHaveLength(2);
      const check = verifier(hook.secret, t.clock.now);
      const bodies = received().map((d) => check.verify(d.body, headersOf(d)) as { type: string; timestamp: string; data: Record<string, { id: string }> });
      expect(bodies.map((b) => b.type).sort()).toEqual(['follow-up.created', 'interaction.logged']);
      for (const d of received()) {
        expect(d.headers['webhook-id']).toMatch(/^msg_/);
        expect(d.headers['webhook-timestamp']).toBe(String(Math.floor(Date.parse(NOW) / 1000)));
        expect(d.headers['content-type']).toBe('application/json');
      }
      expect(bodies.find((b) => b.type === 'interaction.logged')?.data.contact?.id).toBe(contactId);
      const log = await deliveriesOf(api, hook.id);
      expect(log).toHaveLength(2);
      for (const entry of log) {
        expect(entry).toMatchObject({ state: 'delivered', attempt: 1, responseStatus: 200, error: null, nextRetryAt: null });
        expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      }
      // A tampered body fails the same check.
      const first = received()[0];
      if (!first) throw new Error('no delivery');
      expect(() => check.verify(first.body.replace('"type"', '"typo"'), headersOf(first))).toThrow();
    });

    it('emits each event type from where its change happens, inside that change', async () => {
      const { api, hook } = await endpoint(['follow-up.created', 'follow-up.cancelled', 'contact.opted-out', 'interaction.logged']);
      const contactId = await contact(api);
      const made = await api.post<{ id: string }>('/api/v1/follow-ups', { contactId, due: { local: '2026-03-05T10:00' }, channel: 'call', agenda: 'pricing' });
      expect(made.status).toBe(201);
      expect((await api.patch(`/api/v1/follow-ups/${made.body.id}`, { status: 'cancelled', reason: 'they asked to wait' })).status).toBe(200);
      // A refused change emits nothing: the event rolls back with it.
      expect((await api.post('/api/v1/interactions', { contactId, channel: 'call', result: 'connected' })).status).toBe(400);
      expect((await api.post('/api/v1/interactions', { contactId, channel: 'call', result: 'connected', outcome: { type: 'no' } })).status).toBe(201);
      await drain();
      const types = (await deliveriesOf(api, hook.id)).map((d) => d.eventType).sort();
      expect(types).toEqual(['contact.opted-out', 'follow-up.cancelled', 'follow-up.created', 'interaction.logged']);
    });

    it('emits enrollment.exited when a series ends and booking.created when a contact books through a link', async () => {
      const { api, hook } = await endpoint(['enrollment.exited', 'booking.created']);
      await api.patch('/api/v1/me', { timeZone: 'Europe/London', workFrom: '09:00', workTo: '17:00', workDays: [1, 2, 3, 4, 5] });
      const contactId = await contact(api);
      const enrolled = await api.post<{ id: string }>('/api/v1/enrollments', { contactId, playbookKey: 'hard-to-reach' });
      expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
      expect((await api.post(`/api/v1/enrollments/${enrolled.body.id}/exit`)).status).toBe(200);
      const link = await api.post<{ url: string; slots: Array<{ start: string }> }>('/api/v1/booking-links', { contactId, agenda: 'pricing' });
      expect(link.status, JSON.stringify(link.body)).toBe(201);
      const [slot] = link.body.slots;
      if (!slot) throw new Error('no slot offered');
      const booked = await t.app.inject({
        method: 'POST', url: `/api/v1/public/bookings/${link.body.url.split('/book/')[1] ?? ''}`,
        headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ start: slot.start, channel: 'call' }),
      });
      expect(booked.statusCode, booked.body).toBeLessThan(300);
      await drain();
      // Events of one moment may arrive in any order (the test's clock stands still).
      const bodies = received().map((d) => JSON.parse(d.body) as { type: string; data: Record<string, Record<string, unknown>> })
        .sort((a, b) => (a.type < b.type ? 1 : -1));
      expect(bodies.map((b) => b.type)).toEqual(['enrollment.exited', 'booking.created']);
      expect(bodies[0]?.data.enrollment).toMatchObject({ id: enrolled.body.id, status: 'exited', exitReason: 'manual' });
      expect(bodies[1]?.data.followUp).toMatchObject({ contactId, dueAt: slot.start, promised: true });
      expect((await deliveriesOf(api, hook.id)).every((d) => d.state === 'delivered')).toBe(true);
    });

    it('checks the address again when delivering: a name that now resolves to a private address is not dialled', async () => {
      let answer = '93.184.216.34';
      const guarded = await startTestApp(dialect, { allowPrivateTargets: false, resolveHost: async () => [answer] });
      try {
        const { api } = await setUpOwner(guarded.app);
        const created = await api.post<Created>('/api/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['follow-up.created'] });
        expect(created.status).toBe(201);
        answer = '127.0.0.1';
        const contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ana Souza', timeZone: 'Europe/Berlin' })).body.id;
        await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-05T10:00' }, channel: 'call' });
        expect((await new WebhookWorker({ deps: guarded.deps, random: () => 0 }).runOnce()).failed).toBe(1);
        const [entry] = (await api.get<List<WebhookDeliveryView>>(`/api/v1/webhooks/${created.body.id}/deliveries`)).body.items;
        expect(entry).toMatchObject({ state: 'queued', responseStatus: null, error: 'the address is not allowed (a private network address)' });
      } finally {
        await guarded.close();
      }
    });

    it('erasing a contact erases the deliveries about them, sent or waiting', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      const erased = await contact(api, 'Ana Souza');
      const kept = await contact(api, 'Bo Berg');
      await api.post('/api/v1/follow-ups', { contactId: erased, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      await drain();
      await api.post('/api/v1/follow-ups', { contactId: erased, due: { local: '2026-03-06T10:00' }, channel: 'call' });
      await api.post('/api/v1/follow-ups', { contactId: kept, due: { local: '2026-03-06T11:00' }, channel: 'call' });
      expect(await deliveriesOf(api, hook.id)).toHaveLength(3);
      expect((await api.delete(`/api/v1/contacts/${erased}`)).status).toBe(204);
      const left = await t.store.db.selectFrom('webhook_deliveries').select('payload').where('webhook_id', '=', hook.id).execute();
      expect(left).toHaveLength(1);
      expect(left[0]?.payload).toContain(kept);
      expect(JSON.stringify(left)).not.toContain('Ana Souza');
    });

    it('retries a failed delivery on the schedule with the same webhook-id, and never passes on what the remote said', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      const contactId = await contact(api);
      await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      receiver.status = only(500);
      await drain();
      const [failed] = await deliveriesOf(api, hook.id);
      expect(failed).toMatchObject({ state: 'queued', attempt: 1, responseStatus: 500, error: 'the endpoint answered 500' });
      expect(failed?.nextRetryAt).toBe(new Date(Date.parse(NOW) + (WEBHOOK_RETRY_DELAYS_MS[0] ?? 0)).toISOString());
      expect(JSON.stringify(await api.get(`/api/v1/webhooks/${hook.id}/deliveries`))).not.toContain('SECRET-REMOTE-BODY');
      await drain();
      expect(received()).toHaveLength(1); // not due yet
      receiver.status = 200;
      t.clock.advance(WEBHOOK_RETRY_DELAYS_MS[0] ?? 0);
      await drain();
      expect(received()).toHaveLength(2);
      const [first, second] = received();
      expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      expect(second?.body).toBe(first?.body);
      const check = verifier(hook.secret, t.clock.now);
      for (const d of received()) expect(() => check.verify(d.body, headersOf(d))).not.toThrow();
      expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ state: 'delivered', attempt: 2, responseStatus: 200 });
    });

    it('sends nothing unsigned: a secret the server cannot open (SECRETS_KEY changed) fails the attempt, saying why', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      await api.post('/api/v1/follow-ups', { contactId: await contact(api), due: { local: '2026-03-05T10:00' }, channel: 'call' });
      const otherKey: ServiceDeps = { ...t.deps, secrets: createSecretBox('a different secrets key, 32+ characters long') };
      expect((await new WebhookWorker({ deps: otherKey, random: () => 0 }).runOnce()).failed).toBe(1);
      expect(received()).toHaveLength(0);
      expect((await deliveriesOf(api, hook.id))[0]?.error).toMatch(/signing secret could not be opened/);
    });

    it('treats a redirect as a failure and does not follow it', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      await api.post('/api/v1/follow-ups', { contactId: await contact(api), due: { local: '2026-03-05T10:00' }, channel: 'call' });
      receiver.status = only(302);
      await drain();
      expect(receiver.received.filter((d) => d.path.includes('elsewhere'))).toEqual([]);
      expect(received()).toHaveLength(1);
      expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ state: 'queued', responseStatus: 302 });
    });

    it('disables an endpoint that keeps failing, tells the owners by mail, and can be turned on again', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      const workspaceId = (await t.store.db.selectFrom('webhooks').select('workspace_id').where('id', '=', hook.id).executeTakeFirstOrThrow()).workspace_id;
      await api.post('/api/v1/follow-ups', { contactId: await contact(api), due: { local: '2026-03-05T10:00' }, channel: 'call' });
      receiver.status = only(503);
      await drain();
      for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
        t.clock.advance(delay * 1.2 + 1000);
        await drain();
      }
      expect(received()).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
      expect(new Set(received().map((d) => d.headers['webhook-id'])).size).toBe(1);
      const [entry] = await deliveriesOf(api, hook.id);
      expect(entry).toMatchObject({ state: 'failed', attempt: WEBHOOK_MAX_ATTEMPTS, responseStatus: 503, nextRetryAt: null });
      const [listed] = (await api.get<List<WebhookView>>('/api/v1/webhooks')).body.items;
      expect(listed).toMatchObject({ enabled: false, consecutiveFailures: WEBHOOK_MAX_ATTEMPTS });
      expect(listed?.disabledReason).toContain(`failed all ${WEBHOOK_MAX_ATTEMPTS} attempts`);
      const notices = (await listOutbox(t.store.db, workspaceId)).filter((m) => m.kind === 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ to: 'owner@example.com', subject: `A webhook was turned off: ${receiver.url}${path}` });
      expect(notices[0]?.text).toContain('Settings → Webhooks');
      // While disabled, new events are not queued for it; turned on again, it gets the next ones.
      receiver.clear();
      await api.post('/api/v1/follow-ups', { contactId: await contact(api, 'Bo Berg'), due: { local: '2026-03-05T11:00' }, channel: 'call' });
      await drain();
      expect(received()).toHaveLength(0);
      const enabled = await api.patch<WebhookView>(`/api/v1/webhooks/${hook.id}`, { enabled: true });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
      await api.post('/api/v1/follow-ups', { contactId: await contact(api, 'Cy Cole'), due: { local: '2026-03-05T12:00' }, channel: 'call' });
      await drain();
      expect(received()).toHaveLength(1);
    });

    it('redelivers a delivery with the same body and webhook-id, as a new entry in the log', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      await api.post('/api/v1/follow-ups', { contactId: await contact(api), due: { local: '2026-03-05T10:00' }, channel: 'call' });
      await drain();
      const [original] = await deliveriesOf(api, hook.id);
      if (!original) throw new Error('no delivery');
      const again = await api.post<WebhookDeliveryView>(`/api/v1/webhooks/${hook.id}/deliveries/${original.id}/redeliver`);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ state: 'queued', attempt: 0, messageId: original.messageId, redeliveryOf: original.id });
      await drain();
      expect(received()).toHaveLength(2);
      expect(received()[1]?.headers['webhook-id']).toBe(original.messageId);
      expect(received()[1]?.body).toBe(received()[0]?.body);
      expect((await deliveriesOf(api, hook.id)).map((d) => d.state)).toEqual(['delivered', 'delivered']);
      expect((await api.post(`/api/v1/webhooks/${hook.id}/deliveries/nope/redeliver`)).status).toBe(404);
    });

    it('signs with the new and the old secret for 24 hours after a rotation, then with the new one only', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      const contactId = await contact(api);
      const rotated = await api.post<Created>(`/api/v1/webhooks/${hook.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(hook.secret);
      expect(rotated.body.previousSecretUntil).toBe(new Date(Date.parse(NOW) + 24 * 3_600_000).toISOString());
      await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      await drain();
      const during = received()[0];
      if (!during) throw new Error('no delivery');
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(() => verifier(rotated.body.secret, t.clock.now).verify(during.body, headersOf(during))).not.toThrow();
      expect(() => verifier(hook.secret, t.clock.now).verify(during.body, headersOf(during))).not.toThrow();
      t.clock.advance(24 * 3_600_000 + 1000);
      await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-06T10:00' }, channel: 'call' });
      await drain();
      const after = received()[1];
      if (!after) throw new Error('no delivery');
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(() => verifier(rotated.body.secret, t.clock.now).verify(after.body, headersOf(after))).not.toThrow();
      expect(() => verifier(hook.secret, t.clock.now).verify(after.body, headersOf(after))).toThrow();
    });
  });

  describe('several workers', () => {
    it('two workers on separate connections to one database never send one attempt twice', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      const contactId = await contact(api);
      for (let i = 0; i < 24; i++) {
        await api.post('/api/v1/follow-ups', { contactId, due: { local: `2026-03-${String(5 + (i % 20)).padStart(2, '0')}T10:00` }, channel: 'call' });
      }
      // On PostgreSQL a second connection pool is a second instance. SQLite's writers are serialised by
      // BEGIN IMMEDIATE across processes; in one process the two workers share the connection and interleave.
      const second: Store = dialect === 'postgres' ? connect(t.url) : t.store;
      try {
        const deps: ServiceDeps = { ...t.deps, store: second };
        const workers = [new WebhookWorker({ deps: t.deps, batchSize: 3 }), new WebhookWorker({ deps, batchSize: 3 })];
        await Promise.all(workers.map(async (w) => {
          for (let round = 0; round < 40 && (await w.runOnce()).claimed > 0; round++) { /* keep claiming */ }
        }));
      } finally {
        if (second !== t.store) await second.close();
      }
      const ids = received().map((d) => String(d.headers['webhook-id']));
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
      expect((await deliveriesOf(api, hook.id)).every((d) => d.state === 'delivered' && d.attempt === 1)).toBe(true);
    });

    it('a worker whose lease ran out cannot record its attempt once another claimed the delivery (fencing)', async () => {
      const { api, hook } = await endpoint(['follow-up.created']);
      await api.post('/api/v1/follow-ups', { contactId: await contact(api), due: { local: '2026-03-05T10:00' }, channel: 'call' });
      const [slow] = await claimDueDeliveries(t.deps, { limit: 1, leaseMs: 30_000 });
      if (!slow) throw new Error('nothing claimed');
      t.clock.advance(31_000);
      const [fast] = await claimDueDeliveries(t.deps, { limit: 1, leaseMs: 30_000 });
      expect(fast?.delivery.attempt).toBe(slow.delivery.attempt + 1);
      expect(await recordDelivered(t.deps, slow, { status: 200, cause: null, durationMs: 5 })).toBe('stale');
      if (!fast) throw new Error('not claimed again');
      expect(await recordDelivered(t.deps, fast, { status: 200, cause: null, durationMs: 5 })).toBe('recorded');
      expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ state: 'delivered', attempt: 2 });
    });
  });

  describe('Slack format', () => {
    it('announces a promise that became late once, as Slack JSON without our signature headers', async () => {
      const { api } = await endpoint(['follow-up.late'], { format: 'slack' });
      const contactId = await contact(api, 'Ana <b>Souza</b>');
      const made = await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-02T17:00' }, channel: 'call', promised: true });
      expect(made.status).toBe(201);
      expect(await announceLatePromises(t.deps)).toBe(0); // not late yet
      t.clock.set('2026-03-02T16:30:00Z');
      expect(await announceLatePromises(t.deps)).toBe(1);
      expect(await announceLatePromises(t.deps)).toBe(0);
      await drain();
      expect(received()).toHaveLength(1);
      const [delivery] = received();
      expect(delivery?.headers['webhook-signature']).toBeUndefined();
      expect(JSON.parse(delivery?.body ?? '{}')).toEqual({ text: 'Promise to *Ana &lt;b&gt;Souza&lt;/b&gt;* for Mon 2 Mar 16:00 (Europe/London) is late' });
    });

    it('posts the morning digest as the day\'s list', async () => {
      const { api } = await endpoint(['digest.ready'], { format: 'slack' });
      const contactId = await contact(api);
      await api.post('/api/v1/follow-ups', { contactId, due: { local: '2026-03-03T11:00' }, channel: 'call', agenda: 'the revised quote', promised: true });
      // Tuesday 3 March, 09:05 in London: the owner's working day has begun.
      t.clock.set('2026-03-03T09:05:00Z');
      const { enqueueDueDigests } = await import('../../src/services/digest.js');
      await enqueueDueDigests(t.deps);
      await drain();
      const bodies = received().map((d) => JSON.parse(d.body) as { text: string; blocks: unknown[] });
      const mine = bodies.find((b) => b.text.includes('Ana Souza'));
      expect(mine?.text).toContain('Your day, Tuesday 3 March');
      expect(mine?.text).toContain('• 10:00: call *Ana Souza* about the revised quote — _promised_');
    });
  });
});

describe.each(testDialects())('webhook targets without ALLOW_PRIVATE_TARGETS on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    t = await startTestApp(dialect, { allowPrivateTargets: false, resolveHost: async (host) => (host === 'hooks.example.com' ? ['93.184.216.34'] : ['127.0.0.1']) });
    ({ api } = await setUpOwner(t.app));
  });
  afterAll(() => closeAll(t));

  it('refuses loopback, private and link-local targets and plain http, naming the address field', async () => {
    for (const url of ['https://127.0.0.1/hooks', 'https://10.0.0.8/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://internal.example/x', 'http://hooks.example.com/x']) {
      const problem = expectProblem(await api.post('/api/v1/webhooks', { url, events: ['interaction.logged'] }), 400);
      expect(problemPaths(problem), url).toEqual(['url']);
      expect(problem.errors?.[0]?.message).toMatch(/^Webhook address/);
    }
    expect((await api.post('/api/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['interaction.logged'] })).status).toBe(201);
  });
});
