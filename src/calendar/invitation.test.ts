import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../core/types.js';
import { buildInvitation } from './invitation.js';

const followUp: FollowUp = {
  id: '0190a0a0-0000-7000-8000-000000000001', workspaceId: 'w', contactId: 'c1', opportunityId: null, userId: 'u',
  kind: 'next-step', channel: 'coffee', dueAt: '2026-03-10T23:00:00.000Z', dueLocal: '2026-03-10T16:00', timeZone: 'America/Los_Angeles',
  allDay: false, agenda: 'pilot scope', progress: null, promised: true, source: 'agreement', status: 'open', statusReason: null,
  enrollmentId: null, stepId: null, touchNumber: 3, createdAt: '2026-03-02T17:00:00.000Z', doneAt: null,
};
const base = {
  contact: { id: 'c1', name: 'Bob Marsh', email: 'bob@example.com' },
  organizer: { name: 'Olivia Owner', email: 'olivia@example.com' },
  baseUrl: 'https://crm.example.com', nowMs: Date.parse('2026-03-02T17:00:00Z'), reminderMinutes: 10,
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return { method: calendar.getFirstPropertyValue('method'), event, sequence: event.sequence, status: vevent.getFirstPropertyValue('status') };
}

describe('calendar invitations', () => {
  it('invites with METHOD:REQUEST at the agreed wall time in its zone, the contact as attendee', () => {
    const sent = parse(buildInvitation({ ...base, method: 'REQUEST', followUp, sequence: 0 }));
    expect(sent.method).toBe('REQUEST');
    expect(sent.sequence).toBe(0);
    expect(sent.event.startDate.toString()).toBe('2026-03-10T16:00:00');
    expect(sent.event.startDate.zone.tzid).toBe('America/Los_Angeles');
    expect(sent.event.startDate.toJSDate().toISOString()).toBe('2026-03-10T23:00:00.000Z');
    expect(String(sent.event.organizer).toLowerCase()).toBe('mailto:olivia@example.com');
    expect(sent.event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual(['mailto:bob@example.com']);
  });

  it('reschedules with the same UID and a higher SEQUENCE, and cancels with METHOD:CANCEL', () => {
    const first = parse(buildInvitation({ ...base, method: 'REQUEST', followUp, sequence: 0 }));
    const moved: FollowUp = { ...followUp, dueAt: '2026-03-11T17:30:00.000Z', dueLocal: '2026-03-11T10:30' };
    const update = parse(buildInvitation({ ...base, method: 'REQUEST', followUp: moved, sequence: 1 }));
    expect(update.event.uid).toBe(first.event.uid);
    expect(update.sequence).toBeGreaterThan(first.sequence);
    expect(update.event.startDate.toString()).toBe('2026-03-11T10:30:00');
    const cancel = parse(buildInvitation({ ...base, method: 'CANCEL', followUp: moved, sequence: 2 }));
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(first.event.uid);
    expect(cancel.sequence).toBeGreaterThan(update.sequence);
    expect(cancel.status).toBe('CANCELLED');
  });

  it('refuses channels without a fixed meeting and contacts without an email', () => {
    expect(() => buildInvitation({ ...base, method: 'REQUEST', followUp: { ...followUp, channel: 'email' }, sequence: 0 })).toThrow(/invitation/);
    expect(() => buildInvitation({ ...base, method: 'REQUEST', followUp: { ...followUp, allDay: true, dueLocal: '2026-03-10' }, sequence: 0 })).toThrow(/invitation/);
    expect(() => buildInvitation({ ...base, method: 'REQUEST', followUp, sequence: 0, contact: { ...base.contact, email: null } })).toThrow(/no email/);
  });
});
