import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { startTestAppWithOwner, type ApiClient, type TestApp } from '../helpers/app.js';
import { closeAll } from '../helpers/closeAll.js';
import { testDialects } from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { emailPlaybook, enrolledContact, outboxOf, setPostalAddress, smtpWorker } from './support.js';

/** An email offering times, then a call two days later unless the client books first. */
const offerPlaybook = {
  ...emailPlaybook, key: 'offer-times', name: 'Offer times',
  steps: [
    {
      id: 'offer', type: 'email', channel: 'email', title: 'Offer times', wait: { amount: 0, unit: 'minutes' }, branches: {}, next: 'call', estimatedMinutes: 5,
      template: {
        subject: 'A time to talk, {{contact.firstName}}?',
        body: 'Hi {{contact.firstName}},\n\nWould one of these suit you?\n{{suggestedTimes}}\n\nOr choose any time here: {{bookingUrl}}\n\nNot for you? Unsubscribe: {{unsubscribeUrl}}\nAcme Sales, 1 Main St, Springfield',
      },
    },
    { id: 'call', type: 'call', channel: 'call', title: 'Call', wait: { amount: 2, unit: 'days' }, branches: {}, next: 'end', estimatedMinutes: 5, script: 'Call them.' },
  ],
};

/** Issue 13 item 7: {{bookingUrl}}, and each suggested time a link that opens the page with that time chosen. */
describe.each(testDialects())('a playbook email offering times on %s', (dialect) => {
  let t: TestApp;
  let api: ApiClient;
  let workspaceId: string;
  let smtp: TestSmtpServer;
  let playbookId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ t, api, workspaceId } = await startTestAppWithOwner(dialect, { serverSmtpUrl: smtp.url }));
    await setPostalAddress(api);
    const created = await api.post<{ id: string }>('/api/v1/playbooks', offerPlaybook);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    playbookId = created.body.id;
  });
  afterAll(() => closeAll(t, smtp));
  beforeEach(() => { t.clock.set('2026-03-02T17:00:00Z'); }); // Monday 09:00 in Los Angeles

  it('sends links that open the booking page with the time chosen; booking it ends the series as booked', async () => {
    const { contactId, enrollmentId } = await enrolledContact(api, playbookId);
    const [queued] = await outboxOf(t, workspaceId, contactId);
    // The stored text carries a marker, not the token: the link is put in when the mail goes out.
    expect(queued?.text).toContain('‹booking link›');
    expect(queued?.text).not.toMatch(/\/book\//);

    expect(await smtpWorker(t, smtp).runOnce()).toMatchObject({ sent: 1 });
    const mail = await smtp.messages[smtp.messages.length - 1]!.parse();
    const text = mail.text ?? '';
    const urls = [...text.matchAll(/http:\/\/127\.0\.0\.1:3000\/book\/([A-Za-z0-9_-]{43})(\?slot=([^\s]+))?/g)];
    expect(urls.length).toBe(4); // three suggested times and the page itself
    const tokens = new Set(urls.map((m) => m[1]));
    expect(tokens.size).toBe(1);
    const token = [...tokens][0]!;
    const slot = decodeURIComponent(urls[0]![3] ?? '');

    const view = await t.app.inject({ method: 'GET', url: `/api/v1/public/bookings/${token}` });
    expect(view.statusCode).toBe(200);
    const offered = (view.json() as { slots: { start: string }[] }).slots.map((s) => s.start);
    expect(offered).toContain(slot);

    const booked = await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}`, payload: { start: slot, channel: 'call' } });
    expect(booked.statusCode, booked.body).toBe(201);
    const enrollment = await api.get<{ state: string; exitReason: string | null }>(`/api/v1/enrollments/${enrollmentId}`);
    expect(enrollment.body).toMatchObject({ state: 'exited', exitReason: 'booked' });
    const open = (await api.get<{ items: { dueAt: string; source: string; bookedByClient: boolean }[] }>(`/api/v1/follow-ups?contactId=${contactId}&status=open`)).body.items;
    expect(open).toEqual([expect.objectContaining({ dueAt: slot, source: 'agreement', bookedByClient: true })]);
  });

  it('the booked time is sent as an invitation carrying the link to move or cancel it; moving sends the update, cancelling the CANCEL', async () => {
    const contact = await api.post<{ id: string }>('/api/v1/contacts', { name: 'Ines Duarte', email: 'ines@example.com', timeZone: 'Europe/Lisbon' });
    const link = await api.post<{ url: string; slots: { start: string }[] }>('/api/v1/booking-links', { contactId: contact.body.id, agenda: 'the rollout plan', channels: ['video'] });
    const token = link.body.url.split('/book/')[1]!;
    const [first, second] = link.body.slots;
    const worker = smtpWorker(t, smtp);
    const calendars = async (count: number): Promise<{ method: string; start: string; sequence: number; text: string }[]> => {
      await worker.runOnce();
      const mails = await Promise.all(smtp.messages.filter((m) => m.to.includes('ines@example.com')).map((m) => m.parse()));
      expect(mails).toHaveLength(count);
      return mails.map((mail) => {
        const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString() ?? '';
        const component = new ICAL.Component(ICAL.parse(ics));
        const event = component.getFirstSubcomponent('vevent')!;
        return {
          method: String(component.getFirstPropertyValue('method')),
          start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
          sequence: Number(event.getFirstPropertyValue('sequence')),
          text: mail.text ?? '',
        };
      });
    };

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}`, payload: { start: first!.start, channel: 'video' } })).statusCode).toBe(201);
    const [invite] = await calendars(1);
    expect(invite).toMatchObject({ method: 'REQUEST', start: first!.start, sequence: 0 });
    expect(invite!.text).toContain(`To choose another time or cancel: ${link.body.url}`);
    expect(invite!.text).toContain('Agenda: the rollout plan');

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}`, payload: { start: second!.start, channel: 'video' } })).statusCode).toBe(200);
    expect((await calendars(2))[1]).toMatchObject({ method: 'REQUEST', start: second!.start, sequence: 1 });

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/bookings/${token}/cancel`, payload: {} })).statusCode).toBe(200);
    expect((await calendars(3))[2]).toMatchObject({ method: 'CANCEL', start: second!.start, sequence: 2 });
  });
});
