import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Channel, Contact, FollowUp } from '../core/types.js';
import { AppError } from '../core/errors.js';
import { invitableChannels } from '../shared/vocabulary.js';
import { addReminderAlarm } from './alarm.js';
import { eventTiming, followUpLink, followUpUid, withTimezones } from './icalFeed.js';
import { paramValue } from './paramValue.js';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface InvitationInput {
  method: InvitationMethod;
  followUp: FollowUp;
  contact: Pick<Contact, 'id' | 'name' | 'email'>;
  organizer: { name: string; email: string };
  /** 0 for the first invitation; every reschedule and the cancellation go up by one (RFC 5546 2.1.4). */
  sequence: number;
  baseUrl: string;
  nowMs: number;
  /** The organizer's reminder lead: the invitation's alarm goes off this many minutes before; 0: none. */
  reminderMinutes: number;
}

export function isInvitable(followUp: Pick<FollowUp, 'channel' | 'allDay'>): boolean {
  return invitableChannels.includes(followUp.channel) && !followUp.allDay;
}

const TITLES: Partial<Record<Channel, string>> = { call: 'Call', meeting: 'Meeting', video: 'Video call', coffee: 'Coffee' };

/**
 * An iTIP message for an agreed call or meeting: METHOD:REQUEST invites (or, with the same UID and
 * a higher SEQUENCE, reschedules), METHOD:CANCEL withdraws it. The UID is the follow-up's, so the
 * invitation and the salesperson's own feed describe the same event.
 */
export function buildInvitation(input: InvitationInput): string {
  const { followUp, contact, organizer } = input;
  if (!isInvitable(followUp)) throw AppError.invalid('channel', `only a ${invitableChannels.join(', ')} at a fixed time can be sent as an invitation`);
  if (!contact.email) throw AppError.invalid('email', `${contact.name} has no email address to invite`);
  const calendar = ical({
    prodId: { company: 'Followthrough', product: 'Followthrough', language: 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const title = `${TITLES[followUp.channel] ?? 'Call'}: ${organizer.name} and ${contact.name}`;
  const event = calendar.createEvent({
    id: followUpUid(followUp.id, input.baseUrl),
    sequence: input.sequence,
    ...eventTiming(followUp),
    stamp: new Date(input.nowMs),
    summary: title,
    description: followUp.agenda ? `Agenda: ${followUp.agenda}` : null,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // ical-generator refuses an organizer without a name; one made only of dropped characters is empty.
    organizer: { name: paramValue(organizer.name) || paramValue(organizer.email), email: organizer.email },
    attendees: [{
      email: contact.email, name: paramValue(contact.name), rsvp: input.method === 'REQUEST',
      role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION,
    }],
    url: followUpLink(input.baseUrl, followUp),
    x: { 'X-FOLLOWTHROUGH-LINK': followUpLink(input.baseUrl, followUp) },
  });
  // A withdrawn event needs no reminder.
  if (input.method === 'REQUEST') addReminderAlarm(event, followUp, input.reminderMinutes, `${title}${followUp.agenda ? ` — ${followUp.agenda}` : ''}`);
  withTimezones(calendar, [Number(followUp.dueLocal.slice(0, 4))]);
  return calendar.toString();
}
