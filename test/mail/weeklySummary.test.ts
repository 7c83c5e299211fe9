import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, localTimeOf } from '../../src/core/time.js';
import { TeamSummaryScheduler } from '../../src/jobs/teamSummaryScheduler.js';
import type { OutboxWorker } from '../../src/jobs/worker.js';
import { listSummaries } from '../../src/store/teamSummaries.js';
import { client, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { smtpWorker } from './support.js';

const STEP = 30 * 60_000;
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

interface Delivery { to: string; at: number; subject: string; text: string; html: string }

/**
 * The weekly team summary end to end: two schedulers (two workers' worth) queue, the outbox worker
 * sends to a real SMTP server, and a clock the test moves walks three Mondays, across New York's
 * spring-forward (Sunday 8 March 2026; London stays on GMT until the 29th).
 */
describe.each(testDialects())('the weekly team summary on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let owner: ApiClient;
  let ownerId: string;
  let ada: ApiClient;
  let adaId: string;
  let mark: ApiClient;
  let schedulers: TeamSummaryScheduler[];
  let worker: OutboxWorker;
  const deliveries: Delivery[] = [];

  async function tick(): Promise<void> {
    const before = smtp.messages.length;
    await Promise.all(schedulers.map((s) => s.runOnce()));
    await worker.runOnce();
    for (const mail of smtp.messages.slice(before)) {
      const parsed = await mail.parse();
      const html = typeof parsed.html === 'string' ? parsed.html : '';
      deliveries.push(...mail.to.map((to) => ({ to, at: t.clock.nowMs, subject: parsed.subject ?? '', text: parsed.text ?? '', html })));
    }
  }

  async function walk(fromIso: string, toIso: string): Promise<Delivery[]> {
    const first = deliveries.length;
    for (t.clock.set(fromIso); t.clock.nowMs < Date.parse(toIso); t.clock.advance(STEP)) await tick();
    return deliveries.slice(first);
  }

  async function tokenFor(email: string): Promise<ApiClient> {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct horse battery' } });
    const cookie = login.cookies.find((c) => c.name === 'ft_session')?.value ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ft_session: cookie } });
    const csrf = (me.json() as { csrfToken?: string }).csrfToken ?? '';
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', cookies: { ft_session: cookie }, headers: { 'x-csrf-token': csrf }, payload: { name: 'tests' } });
    return client(t.app, (token.json() as { token: string }).token);
  }

  const sentTo = (list: Delivery[], to: string) => list.filter((d) => d.to === to);

  beforeAll(async () => {
    [{ t, api: owner, userId: ownerId }, smtp] = await Promise.all([
      startTestAppWithOwner(dialect, { at: '2026-02-20T12:00:00Z', owner: { email: 'olivia@example.com', timeZone: LONDON } }), startSmtpServer(),
    ]);
    const addUser = async (email: string, name: string, role: string, timeZone: string) => {
      const created = await owner.post<{ id: string }>('/api/v1/users', { email, password: 'correct horse battery', name, role, timeZone });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    adaId = await addUser('ada@example.com', 'Ada Admin', 'admin', NEW_YORK);
    await addUser('mark@example.com', 'Mark Member', 'member', LONDON);
    ada = await tokenFor('ada@example.com');
    mark = await tokenFor('mark@example.com');

    // Mark promised a call for Wednesday 25 February and never made it: late from then on.
    const kim = await mark.post<{ id: string }>('/api/v1/contacts', { name: 'Kim <Kato> & Co', timeZone: LONDON });
    expect((await mark.post('/api/v1/follow-ups', { contactId: kim.body.id, due: { local: '2026-02-25T10:00' }, channel: 'call', promised: true })).status).toBe(201);

    schedulers = [new TeamSummaryScheduler({ deps: t.deps }), new TeamSummaryScheduler({ deps: t.deps })];
    worker = smtpWorker(t, smtp, { from: 'Followthrough <summary@example.com>' });
  });
  afterAll(() => closeAll(t, smtp));

  it('goes to each owner and admin once a week, Monday 08:00 in their own zone across a DST change, never to members', async () => {
    const sent = await walk('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
    const olivia = sentTo(sent, 'olivia@example.com');
    expect(olivia.map((d) => new Date(d.at).toISOString())).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-09T08:00:00.000Z']);
    const adas = sentTo(sent, 'ada@example.com');
    // 08:00 in New York is 13:00 UTC on EST, and 12:00 UTC on the first Monday of EDT.
    expect(adas.map((d) => new Date(d.at).toISOString())).toEqual(['2026-03-02T13:00:00.000Z', '2026-03-09T12:00:00.000Z']);
    expect(adas.every((d) => localTimeOf(d.at, NEW_YORK) === '08:00' && localDateOf(d.at, NEW_YORK) <= '2026-03-09')).toBe(true);
    expect(sentTo(sent, 'mark@example.com')).toEqual([]);
    expect(sent).toHaveLength(4);
    expect((await listSummaries(t.store.db, ownerId)).map((s) => s.week)).toEqual(['2026-03-02', '2026-03-09']);
    const rows = await t.store.db.selectFrom('outbox').select(['kind', 'status']).where('kind', '=', 'team-summary').execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  }, 180_000);

  it('holds the team table as text and HTML, with a way to turn it off', () => {
    const mail = deliveries.find((d) => d.to === 'olivia@example.com' && localDateOf(d.at, LONDON) === '2026-03-09')!;
    expect(mail.subject).toBe('Acme Sales: your team\'s week, 2 March – 8 March (1 late promise, kept –)');
    expect(mail.text).toContain('Good morning Olivia,');
    expect(mail.text).toMatch(/Salesperson\s+Due\s+Open\s+Late\s+Kept\s+Consistent\s+Stalled\s+No next step\s+Touches/);
    expect(mail.text).toMatch(/Mark Member\s+0\s+0\s+1\s+–\s+–\s+0\s+0\s+0\n/);
    expect(mail.text).toMatch(/Team\s+0\s+0\s+1\s/);
    expect(mail.text).toContain('http://127.0.0.1:3000/#/team?from=2026-03-02&to=2026-03-08');
    expect(mail.text).toContain('untick "Weekly team summary email" in Settings: http://127.0.0.1:3000/#/settings');
    expect(mail.html).toContain('<table');
    expect(mail.html).toContain('<td style="text-align:left;padding:4px 8px">Mark Member</td>');
    expect(mail.html).toContain('href="http://127.0.0.1:3000/#/settings"');
    const first = deliveries.find((d) => d.to === 'ada@example.com')!;
    expect(first.text).toContain('the week of 23 February – 1 March');
  });

  it('is not sent once turned off, and is again once turned back on', async () => {
    const off = await owner.patch<{ weeklySummary: boolean }>('/api/v1/me', { weeklySummary: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.weeklySummary).toBe(false);
    expect((await owner.get<{ user: { weeklySummary: boolean } }>('/api/v1/me')).body.user.weeklySummary).toBe(false);
    expect((await ada.get<{ user: { weeklySummary: boolean } }>('/api/v1/me')).body.user.weeklySummary).toBe(true);

    const week3 = await walk('2026-03-16T06:00:00Z', '2026-03-16T14:00:00Z');
    expect(week3.map((d) => [d.to, new Date(d.at).toISOString()])).toEqual([['ada@example.com', '2026-03-16T12:00:00.000Z']]);

    expect((await owner.patch<{ weeklySummary: boolean }>('/api/v1/me', { weeklySummary: true })).body.weeklySummary).toBe(true);
    const later = await walk('2026-03-16T14:00:00Z', '2026-03-16T16:00:00Z');
    // Still Monday in London: the week's summary is due, and goes once.
    expect(later.map((d) => d.to)).toEqual(['olivia@example.com']);
    expect((await listSummaries(t.store.db, adaId)).map((s) => s.week)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  }, 60_000);

  it('does not send a summary queued before its manager turned it off', async () => {
    t.clock.set('2026-03-23T12:00:00Z'); // Monday: 12:00 in London, 08:00 in New York
    expect(await schedulers[0]!.runOnce()).toBe(2);
    expect((await ada.patch('/api/v1/me', { weeklySummary: false })).status).toBe(200);
    const before = smtp.messages.length;
    await worker.runOnce();
    expect(smtp.messages.slice(before).flatMap((m) => m.to)).toEqual(['olivia@example.com']);
    const skipped = await t.store.db.selectFrom('outbox').select(['status', 'last_error']).where('kind', '=', 'team-summary').where('user_id', '=', adaId)
      .where('status', '=', 'skipped').execute();
    expect(skipped).toEqual([{ status: 'skipped', last_error: expect.stringContaining('weekly team summary off') }]);
  });

  it('refuses a setting that is not true or false, naming it', async () => {
    const bad = await mark.patch<{ errors?: Array<{ path: string }> }>('/api/v1/me', { weeklySummary: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('weeklySummary');
  });
});
