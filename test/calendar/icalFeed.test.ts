import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { testDialects } from '../helpers/databases.js';
import { setUpOwner, startTestApp, type ApiClient, type TestApp } from '../helpers/app.js';

interface Me { icalUrl: string }
interface FollowUp { id: string }

function events(text: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe.each(testDialects())('the private iCal feed on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let contactId: string;
  let agreed: FollowUp;
  let allDay: FollowUp;

  // The link is shown only when it is made (only its hash is stored): made once, then reused.
  let madePath: string | undefined;
  const feedPath = async (): Promise<string> => {
    madePath ??= new URL((await api.post<Me>('/api/v1/me/ical-secret')).body.icalUrl).pathname;
    return madePath;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    t.clock.set('2026-03-02T17:00:00Z');
    ({ api } = await setUpOwner(t.app, { timeZone: 'Europe/London' }));
    contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Bob Marsh', timeZone: 'America/Los_Angeles', email: 'bob@example.com' })).body.id;
    const logged = await api.post<{ next: FollowUp }>('/api/v1/interactions', {
      contactId, channel: 'call', result: 'connected',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'video', agenda: 'pilot scope' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    agreed = logged.body.next;
    const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due: { date: '2026-03-12' }, channel: 'email', agenda: 'send the price list' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    allDay = created.body;
  });
  afterAll(async () => { await t.close(); });

  it('serves the open follow-ups as RFC 5545 that ical.js parses; 16:00 Los Angeles stays 16:00 with its zone', async () => {
    const response = await t.app.inject({ method: 'GET', url: await feedPath() });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/calendar/);
    const parsed = events(response.body);
    expect(parsed).toHaveLength(2);
    const timed = parsed.find((e) => e.uid.includes(agreed.id))!;
    expect(timed.summary).toBe('video · Bob Marsh');
    expect(timed.startDate.toString()).toBe('2026-03-10T16:00:00');
    expect(timed.startDate.zone.tzid).toBe('America/Los_Angeles');
    expect(timed.startDate.toJSDate().toISOString()).toBe('2026-03-10T23:00:00.000Z'); // PDT began on 8 March
    expect(timed.description).toContain('Their local time: 2026-03-10 16:00 America/Los_Angeles');
    expect(timed.description).toContain('Agenda: pilot scope');
    expect(timed.description).toMatch(/Opener: .+/);
    expect(timed.description).toContain(`http://127.0.0.1:3000/#/contacts/${contactId}`);
    const day = parsed.find((e) => e.uid.includes(allDay.id))!;
    expect(day.startDate.isDate).toBe(true);
    expect(day.startDate.toString()).toBe('2026-03-12');
    expect(day.summary).toBe('email · Bob Marsh');
  });

  it('keeps each event\'s UID stable across refreshes and drops follow-ups that are no longer open', async () => {
    const path = await feedPath();
    const first = events((await t.app.inject({ method: 'GET', url: path })).body).map((e) => e.uid).sort();
    t.clock.advance(3_600_000);
    const second = events((await t.app.inject({ method: 'GET', url: path })).body).map((e) => e.uid).sort();
    expect(second).toEqual(first);
    expect((await api.patch(`/api/v1/follow-ups/${allDay.id}`, { status: 'cancelled', reason: 'sent by hand' })).status).toBe(200);
    const third = events((await t.app.inject({ method: 'GET', url: path })).body).map((e) => e.uid);
    expect(third).toHaveLength(1);
  });

  it('answers 404 for an unknown secret and for the old URL after rotation', async () => {
    const old = await feedPath();
    expect((await t.app.inject({ method: 'GET', url: '/ical/not-a-secret.ics' })).statusCode).toBe(404);
    const rotated = await api.post<Me>('/api/v1/me/ical-secret');
    expect(rotated.status).toBe(200);
    const fresh = new URL(rotated.body.icalUrl).pathname;
    madePath = fresh;
    expect(fresh).not.toBe(old);
    expect((await t.app.inject({ method: 'GET', url: old })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: fresh })).statusCode).toBe(200);
  });

  it('never writes the secret to the log', async () => {
    const lines: string[] = [];
    const logged = await buildApp({ deps: t.deps, logger: { level: 'info', stream: { write: (line: string) => { lines.push(line); } } } });
    await logged.ready();
    const path = await feedPath();
    const secret = path.slice('/ical/'.length, -'.ics'.length);
    expect((await logged.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await logged.inject({ method: 'GET', url: '/ical/also-secret-looking.ics' })).statusCode).toBe(404);
    await logged.close();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('/ical/[redacted]');
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain('also-secret-looking');
  });
});
