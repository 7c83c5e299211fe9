import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { contactSchema, followUpSchema, opportunitySchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths as paths } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Opportunity = z.infer<typeof opportunitySchema>;
type Page<T> = { items: T[]; nextCursor: string | null };

describe.each(testDialects())('follow-ups on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  // 2 March 2026, 15:00 UTC: before New York's spring-forward on 8 March.
  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect)); });
  afterAll(() => closeAll(t));

  /** A workspace of the test's own, with one contact in New York. */
  async function workspaceWithContact(fields: Record<string, unknown> = {}): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner);
    const contact = await api.post<Contact>('/api/v1/contacts', { name: 'Dana Lee', timeZone: 'America/New_York', ...fields });
    expect(contact.status).toBe(201);
    return { api, contact: contact.body };
  }

  async function schedule(api: ApiClient, body: Record<string, unknown>): Promise<FollowUp> {
    const response = await api.post<FollowUp>('/api/v1/follow-ups', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // The response adds what to know about the new follow-up (warnings); the stored follow-up is the rest.
    const { warnings, ...followUp } = response.body as FollowUp & { warnings: unknown[] };
    expect(warnings).toEqual([]);
    return followUp;
  }

  describe('creating', () => {
    it('schedules at an instant, showing the wall time in the contact\'s zone', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { at: '2026-03-10T15:00:00Z' }, channel: 'call', agenda: 'pricing' });
      expect(followUp).toMatchObject({
        contactId: contact.id, dueAt: '2026-03-10T15:00:00.000Z', dueLocal: '2026-03-10T11:00', timeZone: 'America/New_York', allDay: false,
        channel: 'call', agenda: 'pricing', kind: 'next-step', source: 'manual', status: 'open', promised: false,
        opportunityId: null, enrollmentId: null, touchNumber: 1, doneAt: null, createdAt: '2026-03-02T15:00:00.000Z',
      });
    });

    it('normalises an instant given with an offset to UTC', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { at: '2026-03-10T17:00:00+02:00' }, channel: 'call' });
      expect(followUp.dueAt).toBe('2026-03-10T15:00:00.000Z');
    });

    it('schedules at a local wall time, in the contact\'s zone by default', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'coffee' });
      expect(followUp).toMatchObject({ dueAt: '2026-03-05T15:00:00.000Z', dueLocal: '2026-03-05T10:00', timeZone: 'America/New_York', allDay: false });
    });

    it('schedules at a local wall time in an explicit zone', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00', timeZone: 'Europe/Berlin' }, channel: 'video' });
      expect(followUp).toMatchObject({ dueAt: '2026-03-05T09:00:00.000Z', dueLocal: '2026-03-05T10:00', timeZone: 'Europe/Berlin', allDay: false });
    });

    it('schedules an all-day date, due at the start of that day in the contact\'s zone', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'email' });
      expect(followUp).toMatchObject({ dueAt: '2026-03-05T05:00:00.000Z', dueLocal: '2026-03-05', timeZone: 'America/New_York', allDay: true });
    });

    it('moves a wall time inside the spring-forward gap forward by the gap', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-08T02:30' }, channel: 'call' });
      expect(followUp).toMatchObject({ dueAt: '2026-03-08T07:30:00.000Z', dueLocal: '2026-03-08T03:30' });
    });

    it('takes the earlier instant for a wall time that occurs twice at fall-back', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-11-01T01:30' }, channel: 'call' });
      expect(followUp).toMatchObject({ dueAt: '2026-11-01T05:30:00.000Z', dueLocal: '2026-11-01T01:30' });
    });

    it('keeps kind and promised when given', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-04-01' }, channel: 'gift', kind: 'thank-you', promised: true });
      expect(followUp).toMatchObject({ kind: 'thank-you', promised: true });
    });

    it('attaches the follow-up to the contact\'s open opportunity', async () => {
      const { api, contact } = await workspaceWithContact();
      const opportunity = await api.post<Opportunity>('/api/v1/opportunities', { contactId: contact.id, title: 'Pilot' });
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'email' });
      expect(followUp.opportunityId).toBe(opportunity.body.id);
    });

    it('refuses a due with two forms (400 naming due)', async () => {
      const { api, contact } = await workspaceWithContact();
      const problem = expectProblem(await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-05', at: '2026-03-05T10:00:00Z' }, channel: 'email' }), 400);
      expect(paths(problem).some((p) => p.startsWith('due'))).toBe(true);
    });

    it('refuses an unknown channel (400 naming channel)', async () => {
      const { api, contact } = await workspaceWithContact();
      const problem = expectProblem(await api.post('/api/v1/follow-ups', { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'pigeon' }), 400);
      expect(paths(problem)).toContain('channel');
    });

    it('answers an unknown contact with 404', async () => {
      const { api } = await workspaceWithContact();
      expectProblem(await api.post('/api/v1/follow-ups', { contactId: 'no-such-contact', due: { date: '2026-03-05' }, channel: 'email' }), 404, '/not-found');
    });

    it('refuses an opportunity of another contact (400 naming opportunityId)', async () => {
      const { api, contact } = await workspaceWithContact();
      const other = await api.post<Contact>('/api/v1/contacts', { name: 'Someone Else' });
      const opportunity = await api.post<Opportunity>('/api/v1/opportunities', { contactId: other.body.id, title: 'Theirs' });
      const problem = expectProblem(await api.post('/api/v1/follow-ups', { contactId: contact.id, opportunityId: opportunity.body.id, due: { date: '2026-03-05' }, channel: 'email' }), 400);
      expect(paths(problem)).toContain('opportunityId');
    });
  });

  describe('listing', () => {
    async function threeFollowUps() {
      const { api, contact } = await workspaceWithContact();
      const other = (await api.post<Contact>('/api/v1/contacts', { name: 'Omar Fox', timeZone: 'UTC' })).body;
      const late = await schedule(api, { contactId: contact.id, due: { at: '2026-03-10T14:00:00Z' }, channel: 'call' });
      const early = await schedule(api, { contactId: contact.id, due: { at: '2026-03-10T12:00:00Z' }, channel: 'call' });
      const middle = await schedule(api, { contactId: other.id, due: { at: '2026-03-10T13:00:00Z' }, channel: 'email' });
      return { api, contact, other, early, middle, late };
    }
    const ids = (page: Page<FollowUp>) => page.items.map((f) => f.id);

    it('lists every follow-up of the workspace ordered by due time', async () => {
      const { api, early, middle, late } = await threeFollowUps();
      const response = await api.get<Page<FollowUp>>('/api/v1/follow-ups');
      expect(response.status).toBe(200);
      expect(ids(response.body)).toEqual([early.id, middle.id, late.id]);
      expect(response.body.items).toMatchObject([early, middle, late]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('filters by contactId', async () => {
      const { api, contact, other, early, middle, late } = await threeFollowUps();
      expect(ids((await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${contact.id}`)).body)).toEqual([early.id, late.id]);
      expect(ids((await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${other.id}`)).body)).toEqual([middle.id]);
    });

    it('filters by status', async () => {
      const { api, early, middle, late } = await threeFollowUps();
      await api.patch(`/api/v1/follow-ups/${middle.id}`, { status: 'cancelled', reason: 'moved on' });
      expect(ids((await api.get<Page<FollowUp>>('/api/v1/follow-ups?status=open')).body)).toEqual([early.id, late.id]);
      expect(ids((await api.get<Page<FollowUp>>('/api/v1/follow-ups?status=cancelled')).body)).toEqual([middle.id]);
      expect(ids((await api.get<Page<FollowUp>>('/api/v1/follow-ups?status=done')).body)).toEqual([]);
    });

    it('filters by dueBefore, exclusive', async () => {
      const { api, early, middle } = await threeFollowUps();
      expect(ids((await api.get<Page<FollowUp>>('/api/v1/follow-ups?dueBefore=2026-03-10T14:00:00.000Z')).body)).toEqual([early.id, middle.id]);
      expect(ids((await api.get<Page<FollowUp>>('/api/v1/follow-ups?dueBefore=2026-03-10T13:00:00Z')).body)).toEqual([early.id]);
    });

    it('compares dueBefore given with an offset as the instant it names', async () => {
      const { api, early } = await threeFollowUps();
      const dueBefore = encodeURIComponent('2026-03-10T15:00:00+02:00'); // 13:00 UTC
      expect(ids((await api.get<Page<FollowUp>>(`/api/v1/follow-ups?dueBefore=${dueBefore}`)).body)).toEqual([early.id]);
    });

    it('combines filters', async () => {
      const { api, contact, late } = await threeFollowUps();
      const response = await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${contact.id}&status=open&dueBefore=2026-03-11T00:00:00Z&limit=1&cursor=`);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      const next = await api.get<Page<FollowUp>>(`/api/v1/follow-ups?contactId=${contact.id}&status=open&dueBefore=2026-03-11T00:00:00Z&limit=1&cursor=${response.body.nextCursor ?? ''}`);
      expect(ids(next.body)).toEqual([late.id]);
      expect(next.body.nextCursor).toBeNull();
    });

    it('pages with limit and cursor', async () => {
      const { api, early, middle, late } = await threeFollowUps();
      const first = await api.get<Page<FollowUp>>('/api/v1/follow-ups?limit=2');
      expect(ids(first.body)).toEqual([early.id, middle.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api.get<Page<FollowUp>>(`/api/v1/follow-ups?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
      expect(ids(second.body)).toEqual([late.id]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('reads one follow-up by id, and 404 for an unknown one', async () => {
      const { api, early } = await threeFollowUps();
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${early.id}`)).body).toMatchObject(early);
      expectProblem(await api.get('/api/v1/follow-ups/no-such-follow-up'), 404, '/not-found');
    });
  });

  describe('updating', () => {
    it('reschedules to a wall time in the contact\'s zone: 10:00 stays 10:00 across the DST change', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      expect(followUp.dueAt).toBe('2026-03-05T15:00:00.000Z');
      const response = await api.patch<FollowUp>(`/api/v1/follow-ups/${followUp.id}`, { due: { local: '2026-03-12T10:00' } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ dueLocal: '2026-03-12T10:00', dueAt: '2026-03-12T14:00:00.000Z', timeZone: 'America/New_York', allDay: false, status: 'open' });
      const { warnings, ...stored } = response.body as FollowUp & { warnings: unknown[] };
      expect(warnings).toEqual([]);
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${followUp.id}`)).body).toMatchObject(stored);
    });

    it('reschedules a timed follow-up to an all-day date', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      const response = await api.patch<FollowUp>(`/api/v1/follow-ups/${followUp.id}`, { due: { date: '2026-03-20' } });
      expect(response.body).toMatchObject({ dueLocal: '2026-03-20', dueAt: '2026-03-20T04:00:00.000Z', allDay: true });
    });

    it('keeps the previous due time in the audit trail', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      await api.patch(`/api/v1/follow-ups/${followUp.id}`, { due: { local: '2026-03-06T11:00' } });
      const audit = await t.store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', followUp.id).execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ before: { dueLocal: '2026-03-05T10:00', dueAt: '2026-03-05T15:00:00.000Z' } });
    });

    it('changes the channel and the agenda', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      const response = await api.patch<FollowUp>(`/api/v1/follow-ups/${followUp.id}`, { channel: 'video', agenda: 'demo the new report' });
      expect(response.body).toMatchObject({ ...followUp, channel: 'video', agenda: 'demo the new report' });
    });

    it('cancels with a reason', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { local: '2026-03-05T10:00' }, channel: 'call' });
      const response = await api.patch<FollowUp>(`/api/v1/follow-ups/${followUp.id}`, { status: 'cancelled', reason: 'client asked to wait' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'cancelled', statusReason: 'client asked to wait', doneAt: '2026-03-02T15:00:00.000Z' });
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${followUp.id}`)).body.status).toBe('cancelled');
    });

    it('skips', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'email' });
      const response = await api.patch<FollowUp>(`/api/v1/follow-ups/${followUp.id}`, { status: 'skipped' });
      expect(response.body.status).toBe('skipped');
    });

    it('refuses to change a follow-up that is no longer open (409)', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'email' });
      await api.patch(`/api/v1/follow-ups/${followUp.id}`, { status: 'cancelled', reason: 'no' });
      expectProblem(await api.patch(`/api/v1/follow-ups/${followUp.id}`, { due: { date: '2026-03-06' } }), 409);
    });

    it('refuses a status other than cancelled or skipped (400 naming status)', async () => {
      const { api, contact } = await workspaceWithContact();
      const followUp = await schedule(api, { contactId: contact.id, due: { date: '2026-03-05' }, channel: 'email' });
      const problem = expectProblem(await api.patch(`/api/v1/follow-ups/${followUp.id}`, { status: 'done' }), 400);
      expect(paths(problem)).toContain('status');
      expect((await api.get<FollowUp>(`/api/v1/follow-ups/${followUp.id}`)).body.status).toBe('open');
    });

    it('answers an unknown id with 404', async () => {
      const { api } = await workspaceWithContact();
      expectProblem(await api.patch('/api/v1/follow-ups/no-such-follow-up', { channel: 'call' }), 404, '/not-found');
    });
  });
});
