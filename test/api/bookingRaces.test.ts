import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { connect, type Store } from '../../src/store/connect.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

interface Link { url: string; slots: { start: string; local: string }[] }

const NOW = '2026-12-07T08:00:00Z'; // Monday, 09:00 in Berlin

const tokenOf = (link: Link): string => link.url.split('/book/')[1] ?? '';

async function bookThrough(app: FastifyInstance, token: string, start: string): Promise<{ status: number; body: { type?: string } }> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}`, payload: { start, channel: 'call' } });
  return { status: response.statusCode, body: response.json() as { type?: string } };
}

/** Two contacts of one salesperson, each with a link: the same times are offered to both. */
async function twoLinks(api: ApiClient, durations: [number, number] = [30, 30]): Promise<[Link, Link]> {
  const links: Link[] = [];
  for (const [i, name] of ['Ana Souza', 'Ben Okafor'].entries()) {
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name, timeZone: 'Europe/Berlin' });
    const link = await api.post<Link>('/api/v1/booking-links', { contactId: contact.body.id, durationMinutes: durations[i] });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    links.push(link.body);
  }
  return [links[0]!, links[1]!];
}

/** Issue 13 item 4: two contacts choosing the same time at once: exactly one wins, the other is told it was taken. */
describe.each(testDialects())('booking races on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let second: { app: FastifyInstance; store: Store } | null = null;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/Berlin' }, at: NOW }));
    if (dialect === 'postgres') {
      // A second server instance on the same database: its own connection pool, its own process state.
      const store = connect(t.url);
      const app = await buildApp({ deps: { ...t.deps, store }, logger: false });
      await app.ready();
      second = { app, store };
    }
  });
  afterAll(async () => {
    if (second) {
      await second.app.close();
      await second.store.close();
    }
    await closeAll(t);
  });

  it('the same slot booked at once by two contacts: one 201, one 409 slot-taken, one follow-up', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await twoLinks(api);
      const start = a.slots[round]!.start;
      const results = await Promise.all([bookThrough(t.app, tokenOf(a), start), bookThrough(second?.app ?? t.app, tokenOf(b), start)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.type).toMatch(/\/slot-taken$/);
      const rows = await t.store.db.selectFrom('follow_ups').select('id').where('due_at', '=', start).where('status', '=', 'open').execute();
      expect(rows).toHaveLength(1);
    }
  });

  it('overlapping times of different lengths: the later booking is refused', async () => {
    const [a, b] = await twoLinks(api, [60, 30]);
    const hour = a.slots.find((s) => s.local.endsWith('T11:00'))!;
    const halfPast = b.slots.find((s) => s.local === `${hour.local.slice(0, 11)}11:30`)!;
    expect((await bookThrough(t.app, tokenOf(a), hour.start)).status).toBe(201);
    expectProblem(await (async () => {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${tokenOf(b)}`, payload: { start: halfPast.start, channel: 'call' } });
      return { status: r.statusCode, body: r.json() as unknown, headers: r.headers };
    })(), 409, '/slot-taken');
  });

  it('a time freed by a cancellation can be booked by the other contact', async () => {
    const [a, b] = await twoLinks(api);
    const start = a.slots[7]!.start;
    expect((await bookThrough(t.app, tokenOf(a), start)).status).toBe(201);
    expect((await bookThrough(t.app, tokenOf(b), start)).status).toBe(409);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${tokenOf(a)}/cancel`, payload: {} });
    expect(cancelled.statusCode).toBe(200);
    expect((await bookThrough(second?.app ?? t.app, tokenOf(b), start)).status).toBe(201);
  });
});
