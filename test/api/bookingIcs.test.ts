import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { bookingLinkSchema, contactSchema } from '../../src/shared/index.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { expectProblem } from '../helpers/problems.js';

type Contact = z.infer<typeof contactSchema>;
type Link = z.infer<typeof bookingLinkSchema>;

const NOW = '2026-12-07T08:00:00Z'; // Monday 7 December, 09:00 in Berlin, 03:00 in New York

/** Issue 13: after booking, the page offers the time as a calendar file the client adds to their own calendar. */
describe.each(testDialects())('the booked time as an .ics file on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    ({ t, api } = await startTestAppWithOwner(dialect, { owner: { timeZone: 'Europe/Berlin' } }));
    expect((await api.patch('/api/v1/me', { workFrom: '09:00', workTo: '17:00', workDays: [1, 2, 3, 4, 5] })).status).toBe(200);
  });
  afterAll(() => closeAll(t));
  beforeEach(() => { t.clock.set(NOW); });

  const get = (path: string) => t.app.inject({ method: 'GET', url: path });
  const post = (path: string, payload: unknown) => t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const problemOf = (response: Awaited<ReturnType<typeof get>>) => ({ status: response.statusCode, body: response.json() as unknown, headers: response.headers });

  async function linkFor(name: string, fields: Record<string, unknown> = {}): Promise<{ token: string; link: Link; contact: Contact }> {
    const contact = await api.post<Contact>('/api/v1/contacts', { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, timeZone: 'America/New_York' });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const link = await api.post<Link>('/api/v1/booking-links', { contactId: contact.body.id, channels: ['video', 'call'], ...fields });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    return { token: (link.body.url ?? '').split('/book/')[1] ?? '', link: link.body, contact: contact.body };
  }

  function eventOf(text: string): { calendar: ICAL.Component; event: ICAL.Event } {
    const calendar = new ICAL.Component(ICAL.parse(text));
    const vevents = calendar.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    return { calendar, event: new ICAL.Event(vevents[0]) };
  }

  it('holds the booked time in the contact\'s zone, for the link\'s length, named after the salesperson and the channel', async () => {
    const { token, link } = await linkFor('Ana Souza', { agenda: 'the pricing for 40 seats', durationMinutes: 60 });
    const slot = link.slots[1];
    if (!slot) throw new Error('no slot offered');
    expect((await post(`/api/v1/public/bookings/${token}`, { start: slot.start, channel: 'video' })).statusCode).toBe(201);

    const response = await get(`/api/v1/public/bookings/${token}/ics`);
    expect(response.statusCode, response.body).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/calendar/);
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.ics"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');

    const { calendar, event } = eventOf(response.body);
    expect(event.summary).toBe('Video call with Olivia Owner');
    expect(event.startDate.zone.tzid).toBe('America/New_York');
    expect(event.startDate.toString()).toBe(`${slot.local}:00`);
    expect(event.startDate.toJSDate().toISOString()).toBe(slot.start);
    expect(event.endDate.toJSDate().getTime() - Date.parse(slot.start)).toBe(60 * 60_000);
    const vevent = calendar.getFirstSubcomponent('vevent');
    expect(String(vevent?.getFirstPropertyValue('dtstart'))).toBe(`${slot.local}:00`);
    expect(vevent?.getFirstProperty('dtend')?.getParameter('tzid')).toBe('America/New_York');
    expect(event.description).toContain('Agenda: the pricing for 40 seats');
    expect(event.description).toContain(`/book/${token}`);
    // A file for the client's own calendar, not an invitation: nobody's address, nothing about the workspace.
    expect(calendar.getFirstPropertyValue('method')).toBeNull();
    expect(response.body).not.toMatch(/ORGANIZER|ATTENDEE|@example\.com|#\/contacts/);
  });

  it('follows a moved time and keeps the invitation\'s UID', async () => {
    const { token, link } = await linkFor('Bea Brandt');
    const [first, second] = link.slots;
    if (!first || !second) throw new Error('no slots offered');
    expect((await post(`/api/v1/public/bookings/${token}`, { start: first.start, channel: 'call' })).statusCode).toBe(201);
    const before = eventOf((await get(`/api/v1/public/bookings/${token}/ics`)).body).event;
    expect((await post(`/api/v1/public/bookings/${token}`, { start: second.start, channel: 'video' })).statusCode).toBe(200);
    const after = eventOf((await get(`/api/v1/public/bookings/${token}/ics`)).body).event;
    expect(after.uid).toBe(before.uid);
    expect(after.startDate.toJSDate().toISOString()).toBe(second.start);
    expect(after.endDate.toJSDate().getTime() - Date.parse(second.start)).toBe(30 * 60_000);
    expect(after.summary).toBe('Video call with Olivia Owner');
  });

  it('is 404 before anything is booked, after the client cancels, and for a token that is not valid', async () => {
    const { token, link } = await linkFor('Cleo Carter');
    expectProblem(problemOf(await get(`/api/v1/public/bookings/${token}/ics`)), 404);
    expect((await post(`/api/v1/public/bookings/${token}`, { start: link.slots[0]?.start, channel: 'call' })).statusCode).toBe(201);
    expect((await get(`/api/v1/public/bookings/${token}/ics`)).statusCode).toBe(200);
    expect((await post(`/api/v1/public/bookings/${token}/cancel`, { reason: 'travelling' })).statusCode).toBe(200);
    expectProblem(problemOf(await get(`/api/v1/public/bookings/${token}/ics`)), 404);
    expectProblem(problemOf(await get('/api/v1/public/bookings/not-a-real-token/ics')), 404);
  });
});
