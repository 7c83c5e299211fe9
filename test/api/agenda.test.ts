import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, contactSchema, followUpSchema, logInteractionResponseSchema, userSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Agenda = z.infer<typeof agendaSchema>;
type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Logged = z.infer<typeof logInteractionResponseSchema>;
type User = z.infer<typeof userSchema>;

const USER_ZONE = 'America/Los_Angeles';
const START = '2026-03-02T15:00:00Z'; // Monday 2 March, 07:00 in Los Angeles

const followUpIds = (items: Agenda['today']): string[] => items.map((item) => item.followUp.id);

describe.each(testDialects())('agenda on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;
  let workspaceSeq = 0;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { owner: { timeZone: USER_ZONE } })); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(START); });

  /** The agenda holds the user's follow-ups in the workspace: each test gets a workspace of its own. */
  async function freshWorkspace(): Promise<ApiClient> {
    workspaceSeq += 1; // tells apart the colleagues the tests add
    return newWorkspace(t, owner, USER_ZONE);
  }

  async function createContact(api: ApiClient, fields: Record<string, unknown>): Promise<Contact> {
    const response = await api.post<Contact>('/api/v1/contacts', fields);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** Scheduled a month before "now", as it would have been: a follow-up put directly in the past becomes a promise. */
  async function schedule(api: ApiClient, contactId: string, due: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<FollowUp> {
    const now = t.clock.nowMs;
    t.clock.advance(-30 * 86_400_000);
    const response = await api.post<FollowUp>('/api/v1/follow-ups', { contactId, due, channel: 'call', ...extra }).finally(() => { t.clock.nowMs = now; });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { warnings: _warnings, ...followUp } = response.body as FollowUp & { warnings: unknown[] };
    return followUp;
  }

  async function agenda(api: ApiClient, date?: string): Promise<Agenda> {
    const response = await api.get<Agenda>(date ? `/api/v1/agenda?date=${date}` : '/api/v1/agenda');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  describe('which day', () => {
    it('defaults to today in the user\'s zone, not in UTC', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Uma Utc', timeZone: 'UTC' });
      const lateEvening = await schedule(api, contact.id, { at: '2026-03-03T05:00:00Z' }); // 21:00 on 2 March in LA
      await schedule(api, contact.id, { at: '2026-03-03T09:00:00Z' }); // 01:00 on 3 March in LA
      t.clock.set('2026-03-03T06:00:00Z'); // already 3 March in UTC, still 22:00 on 2 March in LA
      const day = await agenda(api);
      expect(day).toMatchObject({ date: '2026-03-02', timeZone: USER_ZONE, overdue: [] });
      expect(followUpIds(day.today)).toEqual([lateEvening.id]);
    });

    it('moves to the next day at midnight in the user\'s zone; what was left is overdue', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Uma Utc', timeZone: 'UTC' });
      const lateEvening = await schedule(api, contact.id, { at: '2026-03-03T05:00:00Z' });
      const earlyMorning = await schedule(api, contact.id, { at: '2026-03-03T09:00:00Z' });
      t.clock.set('2026-03-03T08:30:00Z'); // 00:30 on 3 March in LA
      const day = await agenda(api);
      expect(day.date).toBe('2026-03-03');
      expect(followUpIds(day.today)).toEqual([earlyMorning.id]);
      expect(followUpIds(day.overdue)).toEqual([lateEvening.id]);
      expect(day.overdue[0]?.overdue).toBe(true);
    });

    it('shows the date asked for', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Fay Future', timeZone: 'Europe/Paris' });
      const later = await schedule(api, contact.id, { local: '2026-03-09T18:00' }); // 09:00 in LA
      const day = await agenda(api, '2026-03-09');
      expect(day.date).toBe('2026-03-09');
      expect(followUpIds(day.today)).toEqual([later.id]);
      expect((await agenda(api, '2026-03-08')).today).toEqual([]);
    });

    it('shows a later day\'s own items and nothing overdue: overdue is relative to now, and belongs to today', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Fay Future', timeZone: USER_ZONE });
      const late = await schedule(api, contact.id, { local: '2026-02-26T09:00' }, { promised: true });
      const lateAllDay = await schedule(api, contact.id, { date: '2026-02-27' });
      const thisAfternoon = await schedule(api, contact.id, { local: '2026-03-02T16:00' });
      const tomorrow = await schedule(api, contact.id, { local: '2026-03-03T10:00' });
      const nextWeekAllDay = await schedule(api, contact.id, { date: '2026-03-09' });
      const nextWeek = await schedule(api, contact.id, { local: '2026-03-09T09:00' });

      const today = await agenda(api);
      expect(followUpIds(today.overdue)).toEqual([late.id, lateAllDay.id]);
      expect(followUpIds(today.today)).toEqual([thisAfternoon.id]);

      const dayAfter = await agenda(api, '2026-03-03');
      expect(dayAfter).toMatchObject({ date: '2026-03-03', overdue: [] });
      expect(followUpIds(dayAfter.today)).toEqual([tomorrow.id]);
      expect(dayAfter.today.every((item) => !item.overdue)).toBe(true);

      const later = await agenda(api, '2026-03-09');
      expect(later.overdue).toEqual([]);
      expect(followUpIds(later.today)).toEqual([nextWeekAllDay.id, nextWeek.id]); // an all-day item starts at the day's start
      expect(later.today.every((item) => !item.overdue)).toBe(true);
    });

    it('shows a past day\'s follow-ups still open, each overdue as of now, without the backlog from before it', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Pat Past', timeZone: USER_ZONE });
      const older = await schedule(api, contact.id, { local: '2026-02-25T09:00' }, { promised: true });
      const thatDay = await schedule(api, contact.id, { local: '2026-02-26T11:00' }, { promised: true });
      const done = await schedule(api, contact.id, { local: '2026-02-26T12:00' });
      await api.patch(`/api/v1/follow-ups/${done.id}`, { status: 'cancelled', reason: 'not needed' });
      const past = await agenda(api, '2026-02-26');
      expect(past).toMatchObject({ date: '2026-02-26', overdue: [] });
      expect(followUpIds(past.today)).toEqual([thatDay.id]);
      expect(past.today[0]?.overdue).toBe(true);
      expect(followUpIds((await agenda(api)).overdue)).toEqual([older.id, thatDay.id]);
    });

    it('refuses a date that does not exist (400 naming date)', async () => {
      const api = await freshWorkspace();
      const problem = expectProblem(await api.get('/api/v1/agenda?date=2026-02-30'), 400);
      expect((problem.errors ?? []).map((e) => e.path).join()).toContain('date');
    });

    it('refuses a date that is not YYYY-MM-DD (400 naming date)', async () => {
      const api = await freshWorkspace();
      const problem = expectProblem(await api.get('/api/v1/agenda?date=tomorrow'), 400);
      expect((problem.errors ?? []).map((e) => e.path).join()).toContain('date');
    });
  });

  describe('order', () => {
    it('lists overdue promises first, each group by due time', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Owen Overdue', timeZone: USER_ZONE });
      const unpromisedEarly = await schedule(api, contact.id, { local: '2026-02-25T09:00' });
      const promisedLate = await schedule(api, contact.id, { local: '2026-02-27T09:00' }, { promised: true });
      const promisedEarly = await schedule(api, contact.id, { local: '2026-02-26T09:00' }, { promised: true });
      const unpromisedLate = await schedule(api, contact.id, { local: '2026-02-28T09:00' });
      const day = await agenda(api);
      expect(followUpIds(day.overdue)).toEqual([promisedEarly.id, promisedLate.id, unpromisedEarly.id, unpromisedLate.id]);
      expect(day.today).toEqual([]);
    });

    it('counts an agreed next step as a promise', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Owen Overdue', timeZone: USER_ZONE });
      const manual = await schedule(api, contact.id, { local: '2026-02-25T09:00' });
      t.clock.set('2026-02-20T18:00:00Z');
      const logged = await api.post<Logged>('/api/v1/interactions', {
        contactId: contact.id, channel: 'meeting', outcome: { type: 'next-step', next: { due: { local: '2026-02-27T09:00' }, channel: 'call' } },
      });
      t.clock.set(START);
      const day = await agenda(api);
      expect(followUpIds(day.overdue)).toEqual([logged.body.next?.id, manual.id]);
    });

    it('lists today\'s open follow-ups by due time, leaving out closed ones and other days', async () => {
      const api = await freshWorkspace();
      const newYork = await createContact(api, { name: 'Nina York', timeZone: 'America/New_York' });
      const tokyo = await createContact(api, { name: 'Taro Tokyo', timeZone: 'Asia/Tokyo' });
      const afternoon = await schedule(api, newYork.id, { local: '2026-03-02T19:00' }); // 16:00 in LA
      const morning = await schedule(api, tokyo.id, { local: '2026-03-03T02:00' }); // 09:00 in LA
      const noon = await schedule(api, newYork.id, { local: '2026-03-02T15:00' }); // 12:00 in LA
      const cancelled = await schedule(api, tokyo.id, { local: '2026-03-03T03:00' });
      await api.patch(`/api/v1/follow-ups/${cancelled.id}`, { status: 'cancelled', reason: 'moved' });
      await schedule(api, newYork.id, { local: '2026-03-03T12:00' }); // tomorrow
      const day = await agenda(api);
      expect(followUpIds(day.today)).toEqual([morning.id, noon.id, afternoon.id]);
      expect(day.today.every((item) => !item.overdue)).toBe(true);
    });

    it('keeps an all-day follow-up on its own date, whatever the zones', async () => {
      const api = await freshWorkspace();
      const kiritimati = await createContact(api, { name: 'Kiri Early', timeZone: 'Pacific/Kiritimati' }); // UTC+14
      const allDay = await schedule(api, kiritimati.id, { date: '2026-03-02' }); // starts 1 March, 02:00 in LA
      expect(followUpIds((await agenda(api, '2026-03-02')).today)).toEqual([allDay.id]);
      expect((await agenda(api, '2026-03-01')).today).toEqual([]);
      t.clock.set('2026-03-03T17:00:00Z'); // 09:00 on 3 March in LA: the all-day follow-up of yesterday is late now
      expect(followUpIds((await agenda(api)).overdue)).toEqual([allDay.id]);
    });

    it('shows only the caller\'s own follow-ups', async () => {
      const api = await freshWorkspace();
      const colleague = await api.post<User>('/api/v1/users', { email: `agenda-colleague${workspaceSeq}@example.com`, password: 'correct horse battery', name: 'Col League', role: 'member' });
      const theirs = await createContact(api, { name: 'Their Contact', timeZone: USER_ZONE, ownerId: colleague.body.id });
      const mine = await createContact(api, { name: 'My Contact', timeZone: USER_ZONE });
      await schedule(api, theirs.id, { local: '2026-03-02T10:00' });
      const own = await schedule(api, mine.id, { local: '2026-03-02T11:00' });
      expect(followUpIds((await agenda(api)).today)).toEqual([own.id]);
    });
  });

  describe('each item', () => {
    it('carries the contact with the local time at the due instant in the contact\'s zone', async () => {
      const api = await freshWorkspace();
      const tokyo = await createContact(api, { name: 'Taro Tokyo', company: 'Nihon KK', timeZone: 'Asia/Tokyo', interests: ['logistics'] });
      const followUp = await schedule(api, tokyo.id, { local: '2026-03-03T08:30' }); // 15:30 on 2 March in LA
      const [item] = (await agenda(api)).today;
      expect(item?.followUp).toMatchObject(followUp);
      expect(item?.contact).toMatchObject({ id: tokyo.id, name: 'Taro Tokyo', company: 'Nihon KK', timeZone: 'Asia/Tokyo', localTime: '08:30', interests: ['logistics'] });
      expect(item?.touchNumber).toBe(followUp.touchNumber);
    });

    it('names the playbook a follow-up is a step of, built-in or the workspace\'s own, and none for the rest', async () => {
      const api = await freshWorkspace();
      const steps = [{ id: 'first', type: 'call', channel: 'call', title: 'First call', wait: { amount: 1, unit: 'days' }, branches: {}, next: 'end', estimatedMinutes: 5 }];
      const own = await api.post<{ id: string }>('/api/v1/playbooks', {
        key: 'renewal-calls', name: 'Renewal calls', description: 'One call.', kind: 'service', maxTouches: 2, timeBudgetMinutes: 10,
        exitOn: ['outcome', 'said-no', 'opted-out'], steps,
      });
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      const enrolled: { contact: Contact; dueLocal: string }[] = [];
      for (const [name, which] of [['Bea Builtin', { playbookKey: 'hard-to-reach' }], ['Oda Own', { playbookId: own.body.id }]] as const) {
        const contact = await createContact(api, { name, timeZone: USER_ZONE, phone: '+1 415 555 0100', email: `${name.split(' ')[0]}@example.com` });
        const enrolment = await api.post<{ nextFollowUp: FollowUp }>('/api/v1/enrollments', { contactId: contact.id, ...which });
        expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(201);
        enrolled.push({ contact, dueLocal: enrolment.body.nextFollowUp.dueLocal });
      }
      const manual = await createContact(api, { name: 'Max Manual', timeZone: USER_ZONE });
      await schedule(api, manual.id, { local: enrolled[0]!.dueLocal.slice(0, 16) });
      const items = new Map<string, Agenda['today'][number]>();
      for (const { dueLocal } of [...enrolled, { dueLocal: enrolled[0]!.dueLocal }]) {
        const day = await agenda(api, dueLocal.slice(0, 10));
        for (const item of [...day.overdue, ...day.today]) items.set(item.contact.name, item);
      }
      expect(items.get('Bea Builtin')?.playbook).toEqual({ key: 'hard-to-reach', name: 'Hard to reach' });
      expect(items.get('Oda Own')?.playbook).toEqual({ key: 'renewal-calls', name: 'Renewal calls' });
      expect(items.get('Max Manual')?.playbook).toBeNull();
    });

    it('says "all day" as the local time of an all-day follow-up', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Al Day', timeZone: USER_ZONE });
      await schedule(api, contact.id, { date: '2026-03-02' }, { channel: 'email' });
      expect((await agenda(api)).today[0]?.contact.localTime).toBe('all day');
    });

    it('opens an agreed follow-up by reminding the client they asked for it, and gives the four-question checklist', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Dana Lee', timeZone: 'America/New_York', interests: ['pricing'], buyingProcess: 'the COO signs' });
      t.clock.set('2026-02-23T16:00:00Z'); // a week earlier
      const logged = await api.post<Logged>('/api/v1/interactions', {
        contactId: contact.id, channel: 'meeting', changed: 'budget approved',
        outcome: { type: 'next-step', next: { due: { local: '2026-03-02T14:00' }, channel: 'call', agenda: 'pilot pricing', progress: 'the new tier is live' } },
      });
      expect(logged.status).toBe(201);
      t.clock.set(START);
      const [item] = (await agenda(api)).today;
      expect(item?.followUp.id).toBe(logged.body.next?.id);
      expect(item?.lastInteraction?.id).toBe(logged.body.interaction.id);
      expect(item?.opener).toMatch(/^Hi Dana\b/);
      expect(item?.opener).toContain('You asked me');
      expect(item?.opener).toContain('pilot pricing');
      expect(item?.opener).toContain('the new tier is live');
      expect(item?.checklist).toHaveLength(4);
      expect(item?.checklist[0]).toMatch(/^What has changed since we last spoke\?/);
      expect(item?.checklist[0]).toContain('budget approved');
      expect(item?.checklist[1]).toMatch(/^Does it affect what we discussed/);
      expect(item?.checklist[1]).toContain('pilot pricing');
      expect(item?.checklist[2]).toMatch(/^Where does interest remain\?/);
      expect(item?.checklist[2]).toContain('pricing');
      expect(item?.checklist[3]).toMatch(/^Agree the plan together/);
      expect(item?.touchNumber).toBe(2);
      expect(item?.script).toBeNull();
    });

    it('opens a follow-up nobody asked for with something new, never "just checking in"', async () => {
      const api = await freshWorkspace();
      const contact = await createContact(api, { name: 'Sam Cold', timeZone: USER_ZONE, interests: ['security audits'], buyingProcess: 'a committee, quarterly' });
      await schedule(api, contact.id, { local: '2026-03-02T10:00' });
      const [item] = (await agenda(api)).today;
      expect(item?.opener).toMatch(/^Hi Sam\b/);
      expect(item?.opener).toContain('security audits');
      expect(item?.opener).not.toMatch(/checking in|touching base|just following up/i);
      expect(item?.opener).not.toContain('You asked me');
      expect(item?.checklist).toHaveLength(4);
    });
  });
});
