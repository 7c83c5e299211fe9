import ical, { ICalEventStatus } from 'ical-generator';
import type { Channel, FollowUp } from '../core/types.js';
import { addReminderAlarm } from './alarm.js';
import { eventTiming, followUpUid, withTimezones } from './icalFeed.js';

export interface BookedEventInput {
  followUp: FollowUp;
  /** The salesperson, as the client's calendar names the event. */
  userName: string;
  /** The booking page, to move or cancel the time from the calendar entry. */
  manageUrl: string;
  /** The SEQUENCE of the latest invitation about this follow-up, so the download never reads as older than it. */
  sequence: number;
  baseUrl: string;
  nowMs: number;
  /** The salesperson's reminder lead, as in their invitation: the alarm goes off this many minutes before; 0: none. */
  reminderMinutes: number;
}

const TITLES: Partial<Record<Channel, string>> = { call: 'Call', meeting: 'Meeting', video: 'Video call', coffee: 'Coffee' };

/**
 * The time a client booked, as a file they add to their own calendar. Not an iTIP message: no
 * METHOD, organizer or attendees, so it says nothing the booking page does not. Its UID is the
 * invitation's, so a calendar holding both keeps one event.
 */
export function buildBookedEvent(input: BookedEventInput): string {
  const { followUp } = input;
  const calendar = ical({ prodId: { company: 'Followthrough', product: 'Followthrough', language: 'EN' } });
  const title = `${TITLES[followUp.channel] ?? 'Call'} with ${input.userName}`;
  const event = calendar.createEvent({
    id: followUpUid(followUp.id, input.baseUrl),
    sequence: input.sequence,
    // A booked time is always timed, for the length the link offered.
    ...eventTiming(followUp),
    stamp: new Date(input.nowMs),
    summary: title,
    description: [followUp.agenda ? `Agenda: ${followUp.agenda}` : null, `To choose another time or cancel: ${input.manageUrl}`]
      .filter((line): line is string => line !== null).join('\n\n'),
    status: ICalEventStatus.CONFIRMED,
    // The client cannot sign in to the app: their link back is the booking page.
    url: input.manageUrl,
  });
  addReminderAlarm(event, followUp, input.reminderMinutes, `${title}${followUp.agenda ? ` — ${followUp.agenda}` : ''}`);
  withTimezones(calendar, [Number(followUp.dueLocal.slice(0, 4))]);
  return calendar.toString();
}
