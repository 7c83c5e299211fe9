import { DEFAULT_FOLLOW_UP_MINUTES } from '../shared/defaults.js';
import ical, { type ICalCalendar, type ICalEventData } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { Contact, FollowUp } from '../core/types.js';
import { addReminderAlarm } from './alarm.js';
import { textValue } from './paramValue.js';
import { vtimezone } from './vtimezone.js';

/** Minutes a timed follow-up blocks in the calendar; follow-ups have no end of their own. */

export interface FeedItem {
  followUp: FollowUp;
  contact: Pick<Contact, 'id' | 'name' | 'timeZone' | 'company'>;
  opener: string;
}

export interface FeedInput {
  calendarName: string;
  baseUrl: string;
  items: FeedItem[];
  nowMs: number;
  /** The feed owner's reminder lead: each timed follow-up's alarm goes off this many minutes before; 0: none. */
  reminderMinutes: number;
}

export const hostOf = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).hostname || 'followthrough';
  } catch {
    return 'followthrough';
  }
};

/** Stable across feed refreshes and invitations, so a client updates the event instead of adding one. */
export const followUpUid = (followUpId: string, baseUrl: string): string => `follow-up-${followUpId}@${hostOf(baseUrl)}`;

export const contactLink = (baseUrl: string, contactId: string): string => `${baseUrl.replace(/\/$/, '')}/#/contacts/${contactId}`;

/** The follow-up in the web app: its contact's page, which opens at that follow-up. */
export const followUpLink = (baseUrl: string, followUp: Pick<FollowUp, 'id' | 'contactId'>): string =>
  `${contactLink(baseUrl, followUp.contactId)}?followUp=${encodeURIComponent(followUp.id)}`;

export function zonedStart(followUp: Pick<FollowUp, 'dueAt' | 'timeZone'>): Temporal.ZonedDateTime {
  return Temporal.Instant.from(followUp.dueAt).toZonedDateTimeISO(followUp.timeZone);
}

/** Timed follow-ups sit at their instant in the zone they were agreed in; all-day ones on their date. */
export function eventTiming(followUp: FollowUp): Pick<ICalEventData, 'start' | 'end' | 'allDay' | 'timezone'> {
  if (followUp.allDay) {
    const date = Temporal.PlainDate.from(followUp.dueLocal.slice(0, 10));
    return { start: date, end: date.add({ days: 1 }), allDay: true, timezone: null };
  }
  const start = zonedStart(followUp);
  return { start, end: start.add({ minutes: followUp.durationMinutes ?? DEFAULT_FOLLOW_UP_MINUTES }), allDay: false, timezone: followUp.timeZone };
}

/** Adds a VTIMEZONE for every zone the events use, covering the years they fall in. */
export function withTimezones(calendar: ICalCalendar, years: number[]): void {
  const now = new Date().getUTCFullYear();
  const from = Math.min(now, ...years) - 1;
  const to = Math.max(now, ...years) + 1;
  calendar.timezone({ name: null, generator: (zone) => vtimezone(zone, from, to) });
}

function localTimeLine(item: FeedItem): string {
  const { followUp, contact } = item;
  if (followUp.allDay) return `Their day: ${followUp.dueLocal.slice(0, 10)} (all day, ${followUp.timeZone})`;
  const there = Temporal.Instant.from(followUp.dueAt).toZonedDateTimeISO(contact.timeZone);
  const wall = there.toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' ');
  return `Their local time: ${wall} ${contact.timeZone}`;
}

export function describeFollowUp(item: FeedItem, baseUrl: string): string {
  const { followUp, contact } = item;
  return [
    localTimeLine(item),
    followUp.agenda ? `Agenda: ${followUp.agenda}` : null,
    followUp.progress ? `Progress to present: ${followUp.progress}` : null,
    `Opener: ${item.opener}`,
    `Touch ${followUp.touchNumber}${followUp.promised ? ' · promised' : ''}`,
    `Open in Followthrough: ${followUpLink(baseUrl, { id: followUp.id, contactId: contact.id })}`,
  ].filter((line): line is string => line !== null).join('\n');
}

/** The user's open follow-ups as an RFC 5545 calendar. */
export function buildIcalFeed(input: FeedInput): string {
  const calendar = ical({ name: textValue(input.calendarName), prodId: { company: 'Followthrough', product: 'Followthrough', language: 'EN' } });
  const years: number[] = [];
  for (const item of input.items) {
    const { followUp, contact } = item;
    years.push(Number(followUp.dueLocal.slice(0, 4)));
    const summary = `${followUp.channel} · ${contact.name}`;
    const event = calendar.createEvent({
      id: followUpUid(followUp.id, input.baseUrl),
      ...eventTiming(followUp),
      stamp: new Date(input.nowMs),
      summary,
      description: describeFollowUp(item, input.baseUrl),
      url: followUpLink(input.baseUrl, { id: followUp.id, contactId: contact.id }),
    });
    addReminderAlarm(event, followUp, input.reminderMinutes, `${summary}${followUp.agenda ? ` — ${followUp.agenda}` : ''}`);
  }
  withTimezones(calendar, years);
  return calendar.toString();
}
