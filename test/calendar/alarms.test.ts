import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildBookedEvent } from '../../src/calendar/bookedEvent.js';
import type { FollowUp as CoreFollowUp } from '../../src/core/types.js';
import { OutboxWorker } from '../../src/jobs/worker.js';
import { smtpMailer } from '../../src/mail/smtp.js';
import type { meSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

type Me = z.infer<typeof meSchema>;
interface FollowUp { id: string; contactId: string }

const BASE_URL = 'http://127.0.0.1:3000';

/** Each VEVENT as ical.js reads it, with its alarms. */
function parseEvents(text: string): { event: ICAL.Event; url: string | null; alarms: ICAL.Component[] }[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const url = vevent.getFirstPropertyValue('url');
    return { event: new ICAL.Event(vevent), url: url === null ? null : String(url), alarms: vevent.getAllSubcomponents('valarm') };
  });
}

/** The one DISPLAY alarm's trigger (as written, e.g. -PT10M) and description. */
function alarmOf(alarms: ICAL.Component[]): { action: string; trigger: string; description: string } {
  expect(alarms).toHaveLength(1);
  const alarm = alarms[0]!;
  return {
    action: String(alarm.getFirstPropertyValue('action')),
    trigger: String(alarm.getFirstPropertyValue('trigger')),
    description: String(alarm.getFirstPropertyValue('description')),
  };
}

describe.each(testDialects())('reminder lead and calendar alarms on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  let smtp: TestSmtpServer;
  let worker: OutboxWorker;
  let contactId: string;
  let timed: FollowUp;
  let allDay: FollowUp;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect, { at: '2026-03-02T17:00:00Z', owner: { timeZone: 'Europe/London' } }));
    smtp = await startSmtpServer();
    worker = new OutboxWorker({ deps: t.deps, mailer: smtpMailer(smtp.url, { timeoutMs: 5000 }) });
    contactId = (await api.post<{ id: string }>('/api/v1/contacts', { name: 'Bob Marsh', timeZone: 'America/Los_Angeles', email: 'bob@example.com' })).body.id;
    const logged = await api.post<{ next: FollowUp }>('/api/v1/interactions', {
      contactId, channel: 'call', result: 'connected',
      outcome: { type: 'next-step', next: { due: { local: '2026-03-10T16:00' }, channel: 'video', agenda: 'pilot scope' } },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    timed = logged.body.next;
    const created = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due: { date: '2026-03-12' }, channel: 'email', agenda: 'send the price list' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    allDay = created.body;
  });
  afterAll(async () => {
    await closeAll(t);
    await smtp.close();
  });

  // The link is shown only when it is made: made once, then reused.
  let madePath: string | undefined;
  const feed = async () => {
    madePath ??= new URL((await api.post<{ icalUrl: string }>('/api/v1/me/ical-secret')).body.icalUrl).pathname;
    const response = await t.app.inject({ method: 'GET', url: madePath });
    expect(response.statusCode).toBe(200);
    return parseEvents(response.body);
  };
  const followUpUrl = (f: FollowUp) => `${BASE_URL}/#/contacts/${contactId}?followUp=${f.id}`;

  /** Queues the invitation through the API, sends it through the worker, and reads the .ics the contact got. */
  async function invitationMail(followUpId: string) {
    const queued = await api.post<{ messageId: string }>(`/api/v1/follow-ups/${followUpId}/invitation`);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    const mail = smtp.messages.find((m) => m.messageId === queued.body.messageId)!;
    const part = (await mail.parse()).attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const [only, ...more] = parseEvents(part.content.toString('utf8'));
    expect(more).toEqual([]);
    return only!;
  }

  it('is in the OpenAPI document: read on GET /me, written on PATCH /me, 0 to 1440', async () => {
    type Schema = { properties?: Record<string, { type?: string; minimum?: number; maximum?: number; description?: string }> };
    type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema: Schema & { properties?: { user?: Schema } } }> }> }>> };
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
    const patch = doc.paths['/api/v1/me']!.patch!.requestBody!.content['application/json']!.schema.properties!.reminderMinutes!;
    expect(patch).toMatchObject({ type: 'integer', minimum: 0, maximum: 1440 });
    expect(patch.description).toMatch(/0 means none/);
    const read = doc.paths['/api/v1/me']!.get!.responses['200']!.content!['application/json']!.schema.properties!.user!.properties!.reminderMinutes!;
    expect(read.type).toBe('integer');
  });

  describe('the feed and invitations', () => {
    it('the feed gives a timed follow-up a DISPLAY alarm the lead before it, and an all-day one none; each links to its follow-up', async () => {
      await api.patch('/api/v1/me', { reminderMinutes: 10 });
      const events = await feed();
      const call = events.find((e) => e.event.uid.includes(timed.id))!;
      expect(alarmOf(call.alarms)).toEqual({ action: 'DISPLAY', trigger: '-PT10M', description: 'video · Bob Marsh — pilot scope' });
      expect(call.url).toBe(followUpUrl(timed));
      expect(call.event.description).toContain(`Open in Followthrough: ${followUpUrl(timed)}`);
      const day = events.find((e) => e.event.uid.includes(allDay.id))!;
      expect(day.event.startDate.isDate).toBe(true);
      expect(day.alarms).toEqual([]);
      expect(day.url).toBe(followUpUrl(allDay));
    });

    it('follows the user\'s lead: 90 minutes gives -PT1H30M, 0 gives no alarm at all', async () => {
      await api.patch('/api/v1/me', { reminderMinutes: 90 });
      const later = (await feed()).find((e) => e.event.uid.includes(timed.id))!;
      // ical.js reads the duration back: an hour and a half before the start.
      const trigger = later.alarms[0]!.getFirstPropertyValue('trigger') as ICAL.Duration;
      expect(trigger.toSeconds()).toBe(-90 * 60);
      await api.patch('/api/v1/me', { reminderMinutes: 0 });
      expect((await feed()).every((e) => e.alarms.length === 0)).toBe(true);
      await api.patch('/api/v1/me', { reminderMinutes: 10 });
    });

    it('the invitation mail\'s .ics carries the organizer\'s alarm and the link to the follow-up; none when the lead is 0', async () => {
      await api.patch('/api/v1/me', { reminderMinutes: 15 });
      const invited = await invitationMail(timed.id);
      expect(alarmOf(invited.alarms)).toEqual({ action: 'DISPLAY', trigger: '-PT15M', description: 'Video call: Olivia Owner and Bob Marsh — pilot scope' });
      expect(invited.url).toBe(followUpUrl(timed));
      await api.patch('/api/v1/me', { reminderMinutes: 0 });
      expect((await api.patch(`/api/v1/follow-ups/${timed.id}`, { due: { local: '2026-03-11T10:30' } })).status).toBe(200);
      // The reschedule queued the update; send it and read it.
      expect(await worker.runOnce()).toMatchObject({ sent: 1 });
      const update = smtp.messages.at(-1)!;
      const part = (await update.parse()).attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
      const [moved] = parseEvents(part.content.toString('utf8'));
      expect(moved!.event.startDate.toString()).toBe('2026-03-11T10:30:00');
      expect(moved!.alarms).toEqual([]);
      await api.patch('/api/v1/me', { reminderMinutes: 10 });
    });
  });

  describe('the reminder lead setting', () => {
    it('is 10 minutes for a new user, kept when changed, and 0 turns it off', async () => {
      expect((await api.get<Me>('/api/v1/me')).body.user.reminderMinutes).toBe(10);
      const patched = await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 45 });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.reminderMinutes).toBe(45);
      expect((await api.get<Me>('/api/v1/me')).body.user.reminderMinutes).toBe(45);
      expect((await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 0 })).body.reminderMinutes).toBe(0);
      expect((await api.patch<Me['user']>('/api/v1/me', { reminderMinutes: 1440 })).body.reminderMinutes).toBe(1440);
      // Another change leaves it as it was.
      expect((await api.patch<Me['user']>('/api/v1/me', { name: 'Olivia O.' })).body.reminderMinutes).toBe(1440);
    });

    it('refuses a negative, fractional, too long or non-number lead with a 400 naming the reminder, and changes nothing', async () => {
      await api.patch('/api/v1/me', { reminderMinutes: 30 });
      for (const reminderMinutes of [-1, 1441, 2.5, '15', null]) {
        const refused = await api.patch('/api/v1/me', { reminderMinutes, name: 'Changed Name' });
        const problem = expectProblem(refused, 400);
        expect(problemPaths(problem), String(reminderMinutes)).toEqual(['reminderMinutes']);
        expect(JSON.stringify(problem)).toContain('Reminder');
      }
      const me = (await api.get<Me>('/api/v1/me')).body.user;
      expect(me.reminderMinutes).toBe(30);
      expect(me.name).not.toBe('Changed Name');
    });
  });
});

describe('the booked time a client downloads', () => {
  const booked: CoreFollowUp = {
    id: '0190a0a0-0000-7000-8000-000000000001', workspaceId: 'w', contactId: 'c1', opportunityId: null, userId: 'u',
    kind: 'next-step', channel: 'call', dueAt: '2026-03-10T23:00:00.000Z', dueLocal: '2026-03-10T16:00', timeZone: 'America/Los_Angeles',
    allDay: false, agenda: 'pilot scope', progress: null, promised: true, source: 'agreement', status: 'open', statusReason: null,
    enrollmentId: null, stepId: null, touchNumber: 3, createdAt: '2026-03-02T17:00:00.000Z', doneAt: null, durationMinutes: 30, bookedByClient: true,
  };
  const input = { followUp: booked, userName: 'Olivia Owner', manageUrl: `${BASE_URL}/book/abc`, sequence: 0, baseUrl: BASE_URL, nowMs: Date.parse('2026-03-02T17:00:00Z') };

  it('has the salesperson\'s alarm, none when their lead is 0, and links to the booking page (the client cannot sign in)', () => {
    const [withAlarm] = parseEvents(buildBookedEvent({ ...input, reminderMinutes: 20 }));
    expect(alarmOf(withAlarm!.alarms)).toEqual({ action: 'DISPLAY', trigger: '-PT20M', description: 'Call with Olivia Owner — pilot scope' });
    expect(withAlarm!.url).toBe(`${BASE_URL}/book/abc`);
    const [without] = parseEvents(buildBookedEvent({ ...input, reminderMinutes: 0 }));
    expect(without!.alarms).toEqual([]);
  });
});
