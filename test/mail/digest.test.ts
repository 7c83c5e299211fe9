import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, localTimeOf } from '../../src/core/time.js';
import { DigestScheduler } from '../../src/jobs/digestScheduler.js';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { findUserById, updateUser } from '../../src/store/accounts.js';
import { connect, type Store } from '../../src/store/connect.js';
import { insertDigest, listDigests } from '../../src/store/digests.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { smtpWorker } from './support.js';

const MINUTE = 60_000;
const STEP = 15 * MINUTE;
const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';

interface Delivery { to: string; at: number; text: string }

/**
 * The digest end to end: the scheduler queues, the worker sends to a real SMTP server, and a clock
 * the test moves walks across the autumn DST changes of both London (25 October 2026) and New York
 * (1 November 2026).
 */
describe.each(testDialects())('the morning digest on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let nyc: ApiClient;
  let nycId: string;
  let londonId: string;
  let scheduler: DigestScheduler;
  let worker: OutboxWorker;
  const deliveries: Delivery[] = [];

  async function tick(): Promise<void> {
    const before = smtp.messages.length;
    await scheduler.runOnce();
    await worker.runOnce();
    for (const mail of smtp.messages.slice(before)) {
      const text = (await mail.parse()).text ?? '';
      deliveries.push(...mail.to.map((to) => ({ to, at: t.clock.nowMs, text })));
    }
  }

  async function walk(fromIso: string, toIso: string): Promise<Delivery[]> {
    const first = deliveries.length;
    for (t.clock.set(fromIso); t.clock.nowMs < Date.parse(toIso); t.clock.advance(STEP)) await tick();
    return deliveries.slice(first);
  }

  const sentTo = (list: Delivery[], to: string) => list.filter((d) => d.to === to);
  const localDates = (list: Delivery[], zone: string) => list.map((d) => localDateOf(d.at, zone));

  beforeAll(async () => {
    [{ t, api: nyc, userId: nycId }, smtp] = await Promise.all([
      startTestAppWithOwner(dialect, { at: '2026-10-21T12:00:00Z', owner: { email: 'nyc@example.com', timeZone: NEW_YORK } }), startSmtpServer(),
    ]);
    expect((await nyc.patch('/api/v1/me', { workFrom: '08:00', workTo: '17:00' })).status).toBe(200);
    const london = await nyc.post<{ id: string }>('/api/v1/users', { email: 'london@example.com', password: 'correct horse battery', name: 'Liam London', role: 'member', timeZone: LONDON });
    expect(london.status, JSON.stringify(london.body)).toBe(201);
    londonId = london.body.id;
    const londoner = (await findUserById(t.store.db, londonId))!;
    await updateUser(t.store.db, { ...londoner, workFrom: '08:00', workTo: '17:00' });

    // A promise due on Thursday afternoon, overdue from Friday on, and a call on Friday afternoon.
    const pat = await nyc.post<{ id: string }>('/api/v1/contacts', { name: 'Pat Promise', timeZone: 'America/Los_Angeles', phone: '+1 555 0100' });
    const tess = await nyc.post<{ id: string }>('/api/v1/contacts', { name: 'Tess Today', timeZone: 'Europe/Berlin' });
    expect((await nyc.post('/api/v1/follow-ups', { contactId: pat.body.id, due: { at: '2026-10-22T19:00:00Z' }, channel: 'call', promised: true, agenda: 'the renewal quote' })).status).toBe(201);
    expect((await nyc.post('/api/v1/follow-ups', { contactId: tess.body.id, due: { at: '2026-10-23T18:00:00Z' }, channel: 'call' })).status).toBe(201);

    scheduler = new DigestScheduler({ deps: t.deps });
    worker = smtpWorker(t, smtp, { from: 'Followthrough <digest@example.com>' });
  });
  afterAll(() => closeAll(t, smtp));

  it('goes out once per working day at the first tick at or after 08:00 local, across the DST changes, none at weekends', async () => {
    const sent = await walk('2026-10-22T00:00:00Z', '2026-11-04T00:00:00Z');
    const weekdays = ['2026-10-22', '2026-10-23', '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-11-02', '2026-11-03'];

    const ny = sentTo(sent, 'nyc@example.com');
    expect(localDates(ny, NEW_YORK)).toEqual(weekdays);
    expect(ny.every((d) => localTimeOf(d.at, NEW_YORK) === '08:00')).toBe(true);
    // The same 08:00 is an hour later in UTC once New York has fallen back.
    expect(new Date(ny.find((d) => localDateOf(d.at, NEW_YORK) === '2026-10-30')!.at).toISOString()).toBe('2026-10-30T12:00:00.000Z');
    expect(new Date(ny.find((d) => localDateOf(d.at, NEW_YORK) === '2026-11-02')!.at).toISOString()).toBe('2026-11-02T13:00:00.000Z');

    const uk = sentTo(sent, 'london@example.com');
    expect(localDates(uk, LONDON)).toEqual(weekdays);
    expect(uk.every((d) => localTimeOf(d.at, LONDON) === '08:00')).toBe(true);
    expect(new Date(uk.find((d) => localDateOf(d.at, LONDON) === '2026-10-23')!.at).toISOString()).toBe('2026-10-23T07:00:00.000Z');
    expect(new Date(uk.find((d) => localDateOf(d.at, LONDON) === '2026-10-26')!.at).toISOString()).toBe('2026-10-26T08:00:00.000Z');

    expect(sent).toHaveLength(weekdays.length * 2);
    expect((await listDigests(t.store.db, nycId)).map((d) => d.localDate)).toEqual(weekdays);
  }, 120_000);

  it('lists overdue promises before the day\'s follow-ups, in the user\'s time and the contact\'s', () => {
    const friday = deliveries.find((d) => d.to === 'nyc@example.com' && localDateOf(d.at, NEW_YORK) === '2026-10-23')!;
    expect(friday.text).toContain('Overdue (1)');
    expect(friday.text.indexOf('Pat Promise')).toBeGreaterThan(-1);
    expect(friday.text.indexOf('Pat Promise')).toBeLessThan(friday.text.indexOf('Tess Today'));
    expect(friday.text.indexOf('Overdue (1)')).toBeLessThan(friday.text.indexOf('Today (1)'));
    expect(friday.text).toContain('PROMISED, due Thu 22 Oct 15:00');
    expect(friday.text).toContain('14:00 your time, 20:00 for them (Europe/Berlin): call Tess Today');
    expect(friday.text).toContain('http://127.0.0.1:3000/settings');

    const thursday = deliveries.find((d) => d.to === 'nyc@example.com' && localDateOf(d.at, NEW_YORK) === '2026-10-22')!;
    expect(thursday.text).not.toContain('Overdue');
    expect(thursday.text).toContain('15:00 your time, 12:00 for them (America/Los_Angeles): call Pat Promise');
    const london = deliveries.find((d) => d.to === 'london@example.com')!;
    expect(london.text).toContain('Nothing is due today');
  });

  it('stops when the user opts out and resumes when they opt back in', async () => {
    const off = await nyc.patch<{ digest: boolean; workFrom: string }>('/api/v1/me', { digest: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ digest: false, workFrom: '08:00' });
    expect((await nyc.get<{ user: { digest: boolean } }>('/api/v1/me')).body.user.digest).toBe(false);

    const wednesday = await walk('2026-11-04T00:00:00Z', '2026-11-05T00:00:00Z');
    expect(sentTo(wednesday, 'nyc@example.com')).toEqual([]);
    expect(localDates(sentTo(wednesday, 'london@example.com'), LONDON)).toEqual(['2026-11-04']);

    expect((await nyc.patch<{ digest: boolean }>('/api/v1/me', { digest: true })).body.digest).toBe(true);
    const thursday = await walk('2026-11-05T00:00:00Z', '2026-11-06T00:00:00Z');
    expect(sentTo(thursday, 'nyc@example.com').map((d) => new Date(d.at).toISOString())).toEqual(['2026-11-05T13:00:00.000Z']);
  }, 60_000);

  it('does not send a digest queued before the user opted out', async () => {
    t.clock.set('2026-11-06T13:00:00Z'); // Friday 08:00 in New York
    expect(await scheduler.runOnce()).toBe(2);
    expect((await nyc.patch('/api/v1/me', { digest: false })).status).toBe(200);
    const before = smtp.messages.length;
    await worker.runOnce();
    expect(smtp.messages.slice(before).flatMap((m) => m.to)).toEqual(['london@example.com']);
    const skipped = await t.store.db.selectFrom('outbox').select(['status', 'last_error']).where('kind', '=', 'digest').where('user_id', '=', nycId)
      .where('status', '=', 'skipped').execute();
    expect(skipped).toEqual([{ status: 'skipped', last_error: expect.stringContaining('digest off') }]);
    expect((await nyc.patch('/api/v1/me', { digest: true })).status).toBe(200);
  });

  it('two schedulers racing on one database queue one digest per user and day', async () => {
    // On PostgreSQL a second connection pool is a second instance. SQLite's writers are serialised by
    // BEGIN IMMEDIATE across processes; in one process the two share a connection and interleave.
    const other: Store = dialect === 'postgres' ? connect(t.url) : t.store;
    const otherDeps: ServiceDeps = { ...t.deps, store: other };
    try {
      for (const day of ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13']) {
        t.clock.set(`${day}T13:30:00Z`); // 08:30 in New York, 13:30 in London
        const counts = await Promise.all([scheduler.runOnce(), new DigestScheduler({ deps: otherDeps }).runOnce()]);
        expect(counts[0] + counts[1]).toBe(2);
        const rows = await t.store.db.selectFrom('digests').select('user_id').where('local_date', '=', day).execute();
        expect(rows.map((r) => r.user_id).sort()).toEqual([nycId, londonId].sort());
      }
      const queued = await t.store.db.selectFrom('outbox').select('id').where('kind', '=', 'digest').where('status', '=', 'queued').execute();
      expect(queued).toHaveLength(10);
      // The key itself: a second record for the same user and day is refused, not duplicated.
      expect(await insertDigest(other.db, { userId: nycId, localDate: '2026-11-09', workspaceId: (await listDigests(t.store.db, nycId))[0]!.workspaceId, outboxId: 'x', createdAt: '2026-11-09T13:30:00.000Z' })).toBe(false);
    } finally {
      if (other !== t.store) await other.close();
    }
  });

  it('is one email for a user in several workspaces, each item labelled with its workspace', async () => {
    t.clock.set('2026-11-16T12:00:00Z'); // Monday, before 08:00 in New York
    const side = await nyc.post<{ token: string }>('/api/v1/workspaces', { name: 'Side Project', timeZone: NEW_YORK });
    expect(side.status).toBe(201);
    const sideApi = client(t.app, side.body.token);
    const sam = await sideApi.post<{ id: string }>('/api/v1/contacts', { name: 'Sam Side', timeZone: NEW_YORK });
    expect((await sideApi.post('/api/v1/follow-ups', { contactId: sam.body.id, due: { at: '2026-11-16T16:00:00Z' }, channel: 'email' })).status).toBe(201);

    const monday = (await walk('2026-11-16T12:00:00Z', '2026-11-16T14:00:00Z')).filter((d) => d.to === 'nyc@example.com');
    expect(monday).toHaveLength(1);
    expect(monday[0]!.text).toContain('email Sam Side [Side Project]');
    expect(monday[0]!.text).toContain('call Pat Promise about the renewal quote [Acme Sales]');
  });

  it('start() looks every interval until stop()', async () => {
    t.clock.set('2026-11-17T13:00:00Z');
    const events: string[] = [];
    const running = new DigestScheduler({ deps: t.deps, intervalMs: 5, log: (event) => events.push(event) });
    running.start();
    for (let i = 0; i < 200 && !events.includes('digest.queued'); i++) await new Promise((r) => setTimeout(r, 10));
    await running.stop();
    expect(events).toEqual(['digest.queued']);
    expect((await listDigests(t.store.db, nycId)).map((d) => d.localDate)).toContain('2026-11-17');
  });
});
