import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agendaSchema, bookingLinkSchema, contactSchema, followUpSchema, publicBookingSchema } from '../../src/shared/index.js';
import { newWorkspace, startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem, problemPaths } from '../helpers/problems.js';
import { snapshotDatabase } from '../helpers/tableSnapshot.js';

type Contact = z.infer<typeof contactSchema>;
type Link = z.infer<typeof bookingLinkSchema>;
type Public = z.infer<typeof publicBookingSchema>;
type FollowUp = z.infer<typeof followUpSchema>;
type Agenda = z.infer<typeof agendaSchema>;

const NOW = '2026-12-07T08:00:00Z'; // Monday 7 December, 09:00 in Berlin

/** Issue 13: the client chooses the time and the channel through a link, and that choice is the agreement. */
describe.each(testDialects())('booking links on %s', (dialect) => {
  let t: TestApp;
  let owner: ApiClient;

  beforeAll(async () => { ({ t, api: owner } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/Berlin' } })); });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(NOW); });

  const publicCall = async <T>(method: 'GET' | 'POST', path: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const response = await t.app.inject({
      method, url: path, headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as T, headers: response.headers };
  };
  const tokenOf = (url: string): string => url.split('/book/')[1] ?? '';

  async function contactIn(zone: string, extra: Record<string, unknown> = {}): Promise<{ api: ApiClient; contact: Contact }> {
    const api = await newWorkspace(t, owner, 'Europe/Berlin');
    await api.patch('/api/v1/me', { timeZone: 'Europe/Berlin', workFrom: '09:00', workTo: '17:00', workDays: [1, 2, 3, 4, 5] });
    const contact = await api.post<Contact>('/api/v1/contacts', { name: 'Ana Souza', email: 'ana@example.com', timeZone: zone, ...extra });
    expect(contact.status).toBe(201);
    return { api, contact: contact.body };
  }

  it('offers times inside both working hours and reachable hours, on the grid, after the notice, in the contact\'s wall time', async () => {
    const { api, contact } = await contactIn('America/New_York', { reachable: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' }] });
    const created = await api.post<Link>('/api/v1/booking-links', { contactId: contact.id, agenda: 'the pricing for 40 seats' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const link = created.body;
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/book\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expiresAt) - Date.parse(NOW)).toBe(14 * 86_400_000);
    expect(link.slots.length).toBeGreaterThan(0);
    for (const slot of link.slots) {
      // Berlin 09:00–17:00 is 03:00–11:00 in New York: with their 08:00–12:00, 08:00–11:00 their time.
      expect(slot.local.slice(11)).toMatch(/^(08|09|10):(00|30)$/);
      expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Date.parse(NOW) + 2 * 3_600_000);
    }
    expect(link.slots[0]).toEqual({ start: '2026-12-07T13:00:00.000Z', local: '2026-12-07T08:00' });
    const view = await publicCall<Public>('GET', `/api/v1/public/bookings/${tokenOf(link.url ?? '')}`);
    expect(view.status).toBe(200);
    expect(Object.keys(view.body).sort()).toEqual(['agenda', 'booked', 'cancelled', 'channels', 'contactFirstName', 'durationMinutes', 'slots', 'timeZone', 'userName']);
    expect(view.body).toMatchObject({ userName: 'Olivia Owner', contactFirstName: 'Ana', agenda: 'the pricing for 40 seats', timeZone: 'America/New_York', booked: null });
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers['referrer-policy']).toBe('no-referrer');
  });

  it('never offers a time on top of the user\'s other calls and meetings, for their length', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const other = await api.post<Contact>('/api/v1/contacts', { name: 'Ben Other', timeZone: 'Europe/Berlin' });
    const meeting = await api.post<FollowUp>('/api/v1/follow-ups', { contactId: other.body.id, channel: 'meeting', due: { local: '2026-12-08T10:00' } });
    expect(meeting.status).toBe(201);
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id, durationMinutes: 60 })).body;
    const tuesday = link.slots.filter((s) => s.local.startsWith('2026-12-08')).map((s) => s.local.slice(11));
    // A 60-minute booking may not start 09:30 (overlaps 10:00–10:30) nor 10:00; 09:00 ends at 10:00 and 10:30 starts after.
    expect(tuesday).toContain('09:00');
    expect(tuesday).not.toContain('09:30');
    expect(tuesday).not.toContain('10:00');
    expect(tuesday).toContain('10:30');
    expect(tuesday).not.toContain('16:30'); // would end after 17:00
  });

  it('on the spring-forward day in Europe/Berlin, offers the hours that exist, each with its own instant', async () => {
    const { api, contact } = await contactIn('Europe/Berlin', { reachable: [{ days: [7], from: '01:00', to: '05:00' }] });
    await api.patch('/api/v1/me', { workFrom: '00:00', workTo: '24:00', workDays: [1, 2, 3, 4, 5, 6, 7] });
    t.clock.set('2027-03-27T12:00:00Z');
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id, days: 2 })).body;
    expect(link.slots).toEqual([
      { start: '2027-03-28T00:00:00.000Z', local: '2027-03-28T01:00' },
      { start: '2027-03-28T00:30:00.000Z', local: '2027-03-28T01:30' },
      { start: '2027-03-28T01:00:00.000Z', local: '2027-03-28T03:00' },
      { start: '2027-03-28T01:30:00.000Z', local: '2027-03-28T03:30' },
      { start: '2027-03-28T02:00:00.000Z', local: '2027-03-28T04:00' },
      { start: '2027-03-28T02:30:00.000Z', local: '2027-03-28T04:30' },
    ]);
    const booked = await publicCall<{ start: string; local: string }>('POST', `/api/v1/public/bookings/${tokenOf(link.url ?? '')}`, { start: '2027-03-28T01:00:00Z', channel: 'call' });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ start: '2027-03-28T01:00:00.000Z', local: '2027-03-28T03:00', channel: 'call' });
  });

  it('booking makes the agreed follow-up, closes the one the link was for, keeps evidence, and shows on Today and in the timeline', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const pending = (await api.post<FollowUp>('/api/v1/follow-ups', { contactId: contact.id, channel: 'email', due: { local: '2026-12-07T11:00' }, agenda: 'agree a time for the demo', promised: false })).body;
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id, followUpId: pending.id, channels: ['video', 'call'] })).body;
    expect(link.agenda).toBe('agree a time for the demo');
    const token = tokenOf(link.url ?? '');
    const slot = link.slots[3];
    if (!slot) throw new Error('no slot');
    const booked = await publicCall<{ start: string; local: string; channel: string }>('POST', `/api/v1/public/bookings/${token}`, { start: slot.start, channel: 'video' }, { 'user-agent': 'Test Browser 1.0' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body).toEqual({ start: slot.start, local: slot.local, channel: 'video' });

    const open = (await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${contact.id}&status=open`)).body.items;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ source: 'agreement', promised: true, channel: 'video', dueAt: slot.start, dueLocal: slot.local, agenda: 'agree a time for the demo', bookedByClient: true, durationMinutes: 30, touchNumber: 1 });
    const closed = (await api.get<FollowUp>(`/api/v1/follow-ups/${pending.id}`)).body;
    expect(closed).toMatchObject({ status: 'done', statusReason: 'the client booked a time' });

    const evidence = (await api.get<{ kind: string; detail: string }[] | { items: { kind: string; detail: string }[] }>(`/api/v1/contacts/${contact.id}/consent`)).body;
    const records = Array.isArray(evidence) ? evidence : evidence.items;
    expect(records.find((r) => r.kind === 'booking')?.detail).toMatch(/chose video on .* through booking link .* browser: Test Browser 1\.0/);

    t.clock.set(slot.start);
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    const item = [...agenda.overdue, ...agenda.today].find((i) => i.contact.id === contact.id);
    expect(item?.followUp.bookedByClient).toBe(true);

    const view = await publicCall<Public>('GET', `/api/v1/public/bookings/${token}`);
    expect(view.body.booked).toEqual({ start: slot.start, local: slot.local, channel: 'video' });
    const links = (await api.get<{ items: Link[] }>(`/api/v1/booking-links?contactId=${contact.id}`)).body.items;
    expect(links[0]).toMatchObject({ state: 'booked', url: null });
  });

  it('refuses a time or a channel not offered (400 naming it) and changes nothing', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id, channels: ['call'] })).body;
    const token = tokenOf(link.url ?? '');
    const before = await snapshotDatabase(t.store.db);
    expect(problemPaths(expectProblem(await publicCall('POST', `/api/v1/public/bookings/${token}`, { start: '2026-12-07T03:00:00Z', channel: 'call' }), 400))).toEqual(['start']);
    expect(problemPaths(expectProblem(await publicCall('POST', `/api/v1/public/bookings/${token}`, { start: link.slots[0]?.start, channel: 'coffee' }), 400))).toEqual(['channel']);
    expectProblem(await publicCall('POST', `/api/v1/public/bookings/${token}`, { start: 'tomorrow', channel: 'call' }), 400);
    expect(await snapshotDatabase(t.store.db)).toEqual(before);
  });

  it('a link for a do-not-contact contact is refused (409); unknown, expired and withdrawn tokens are 404', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id })).body;
    const token = tokenOf(link.url ?? '');
    expectProblem(await publicCall('GET', '/api/v1/public/bookings/not-a-real-token'), 404);
    t.clock.set('2026-12-21T08:00:01Z'); // 14 days and a second later
    expectProblem(await publicCall('GET', `/api/v1/public/bookings/${token}`), 404);
    t.clock.set(NOW);
    expect((await publicCall('GET', `/api/v1/public/bookings/${token}`)).status).toBe(200);
    expect((await api.delete(`/api/v1/booking-links/${link.id}`)).status).toBe(204);
    expectProblem(await publicCall('GET', `/api/v1/public/bookings/${token}`), 404);
    expectProblem(await publicCall('POST', `/api/v1/public/bookings/${token}`, { start: link.slots[0]?.start, channel: 'call' }), 404);

    const second = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id })).body;
    expect((await api.post(`/api/v1/contacts/${contact.id}/opt-out`, { reason: 'asked us to stop' })).status).toBe(200);
    expectProblem(await publicCall('GET', `/api/v1/public/bookings/${tokenOf(second.url ?? '')}`), 404);
    expectProblem(await api.post('/api/v1/booking-links', { contactId: contact.id }), 409, '/do-not-contact');
  });

  it('keeps only the token\'s hash', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id })).body;
    const rows = await t.store.db.selectFrom('booking_links').selectAll().where('id', '=', link.id).execute();
    expect(JSON.stringify(rows)).not.toContain(tokenOf(link.url ?? ''));
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the client moves the booked time and then cancels it; Today says the client cancelled', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const link = (await api.post<Link>('/api/v1/booking-links', { contactId: contact.id })).body;
    const token = tokenOf(link.url ?? '');
    const [first, second] = link.slots;
    if (!first || !second) throw new Error('no slots');
    expect((await publicCall('POST', `/api/v1/public/bookings/${token}`, { start: first.start, channel: 'call' })).status).toBe(201);
    const moved = await publicCall<{ start: string }>('POST', `/api/v1/public/bookings/${token}`, { start: second.start, channel: 'call' });
    expect(moved.status).toBe(200);
    const open = (await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${contact.id}&status=open`)).body.items;
    expect(open.map((f) => f.dueAt)).toEqual([second.start]);

    expect((await publicCall('POST', `/api/v1/public/bookings/${token}/cancel`, { reason: 'travelling that week' })).status).toBe(200);
    expect((await api.get<{ items: FollowUp[] }>(`/api/v1/follow-ups?contactId=${contact.id}&status=open`)).body.items).toEqual([]);
    const agenda = (await api.get<Agenda>('/api/v1/agenda')).body;
    expect(agenda.clientCancellations).toEqual([expect.objectContaining({ contactId: contact.id, contactName: 'Ana Souza', reason: 'travelling that week' })]);
    const view = (await publicCall<Public>('GET', `/api/v1/public/bookings/${token}`)).body;
    expect(view).toMatchObject({ booked: null, cancelled: true });
    expect(view.slots.map((s) => s.start)).toContain(second.start); // the time is free again
  });

  it('the client sets their preferred channel and hours (with evidence), or opts out under the unsubscribe rules', async () => {
    const { api, contact } = await contactIn('Europe/Berlin');
    const token = tokenOf((await api.post<Link>('/api/v1/booking-links', { contactId: contact.id })).body.url ?? '');
    const prefs = await publicCall('POST', `/api/v1/public/bookings/${token}/preferences`, { preferredChannel: 'video', reachable: [{ days: [2, 4], from: '14:00', to: '16:00' }] });
    expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
    const after = (await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body;
    expect(after).toMatchObject({ preferredChannel: 'video', reachable: [{ days: [2, 4], from: '14:00', to: '16:00' }] });
    const view = (await publicCall<Public>('GET', `/api/v1/public/bookings/${token}`)).body;
    expect(view.slots.every((s) => /T1[45]:[03]0$/.test(s.local))).toBe(true);
    expect(problemPaths(expectProblem(await publicCall('POST', `/api/v1/public/bookings/${token}/preferences`, { reachable: [{ days: [9], from: '10:00', to: '09:00' }] }), 400))[0]).toMatch(/^reachable/);

    expect((await publicCall('POST', `/api/v1/public/bookings/${token}/opt-out`, {})).status).toBe(200);
    expect((await api.get<Contact>(`/api/v1/contacts/${contact.id}`)).body).toMatchObject({ doNotContact: true, doNotContactReason: 'unsubscribed' });
    expectProblem(await publicCall('GET', `/api/v1/public/bookings/${token}`), 404);
  });

  it('limits requests per address', async () => {
    t.clock.set('2030-01-01T00:00:00Z'); // after every window the other tests opened
    let last = 0;
    for (let i = 0; i < 125; i++) last = (await publicCall('GET', '/api/v1/public/bookings/nothing-here', undefined, {})).status;
    expect(last).toBe(429);
    t.clock.advance(61_000);
    expect((await publicCall('GET', '/api/v1/public/bookings/nothing-here')).status).toBe(404);
  });
});
