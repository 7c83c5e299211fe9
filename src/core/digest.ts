import { Temporal } from 'temporal-polyfill';
import { firstName } from './agenda.js';
import { localDateOf, localDateTimeOf, minutesOfDay } from './time.js';
import type { FollowUp } from './types.js';

export interface WorkingHours {
  timeZone: string;
  /** ISO weekdays, 1 = Monday. */
  workDays: readonly number[];
  /** HH:mm; workTo may be 24:00. */
  workFrom: string;
  workTo: string;
}

/**
 * The first instant whose wall time in `zone` on `date` is `time` or later. A time a DST gap skips
 * starts when the gap ends (02:30 on a spring-forward night → 03:00); a time the fall-back repeats
 * counts from its first occurrence.
 */
export function firstInstantAt(date: string, time: string, zone: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const day = Temporal.PlainDate.from(date).add({ days: hours === 24 ? 1 : 0 });
  const wall = day.toPlainDateTime({ hour: hours % 24, minute: minutes });
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wall) === 0) return earlier.epochMilliseconds;
  return (earlier.getTimeZoneTransition('next') ?? earlier).epochMilliseconds;
}

/** [start, end) of the working day on a local date, as instants. */
export function workingDay(date: string, hours: WorkingHours): { start: number; end: number } {
  const start = firstInstantAt(date, hours.workFrom, hours.timeZone);
  const end = firstInstantAt(date, hours.workTo, hours.timeZone);
  // A date the zone skipped whole (Samoa, 2011-12-30) has no working day.
  if (end > start || localDateOf(start, hours.timeZone) !== date) return { start, end };
  // The clock jumped over the whole window (Santiago skipped 00:00–01:00 on 2013-09-08): the day still
  // gets its hours, from the first instant after the jump, rather than no working day at all.
  return { start, end: start + (minutesOfDay(hours.workTo) - minutesOfDay(hours.workFrom)) * 60_000 };
}

/**
 * The local date whose digest is due at `nowMs`, or null. Due from the start of the working day to
 * its end, so a server that was down all morning still sends it that day, and never one for a day
 * that has ended.
 */
export function digestDueDate(nowMs: number, hours: WorkingHours): string | null {
  const date = localDateOf(nowMs, hours.timeZone);
  if (!hours.workDays.includes(Temporal.PlainDate.from(date).dayOfWeek)) return null;
  const { start, end } = workingDay(date, hours);
  return nowMs >= start && nowMs < end ? date : null;
}

/** What the digest needs of an agenda item (services' AgendaItem fits it). */
export interface DigestItem {
  followUp: Pick<FollowUp, 'id' | 'dueAt' | 'dueLocal' | 'allDay' | 'promised' | 'channel' | 'agenda'>;
  contact: { name: string; company: string | null; timeZone: string; localTime: string; phone: string | null; email: string | null };
  opener: string;
  overdue: boolean;
  /** Set when the digest covers more than one workspace. */
  workspaceName?: string | undefined;
}

export interface DigestRecipient {
  name: string;
  timeZone: string;
}

export interface DigestMessage {
  subject: string;
  text: string;
}

const longDate = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const onDate = (format: Intl.DateTimeFormat, date: string): string => format.format(Temporal.PlainDate.from(date).toZonedDateTime('UTC').epochMilliseconds);
/** Names and notes are typed by people: one line each, so none can forge another line of the mail. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const byDue = (a: DigestItem, b: DigestItem): number =>
  a.followUp.dueAt < b.followUp.dueAt ? -1 : a.followUp.dueAt > b.followUp.dueAt ? 1 : a.followUp.id < b.followUp.id ? -1 : 1;

/** Overdue promises first, then other overdue items, each oldest first. */
export function overdueOrder(a: DigestItem, b: DigestItem): number {
  return Number(b.followUp.promised) - Number(a.followUp.promised) || byDue(a, b);
}

/** All-day items head the day (they have no time), then the rest by time. */
export function todayOrder(a: DigestItem, b: DigestItem): number {
  return Number(b.followUp.allDay) - Number(a.followUp.allDay) || byDue(a, b);
}

function what(item: DigestItem): string {
  const who = oneLine(item.contact.name) + (item.contact.company ? ` (${oneLine(item.contact.company)})` : '');
  const about = item.followUp.agenda ? ` about ${oneLine(item.followUp.agenda)}` : '';
  const where = item.workspaceName ? ` [${oneLine(item.workspaceName)}]` : '';
  return `${item.followUp.channel} ${who}${about}${where}`;
}

function reach(item: DigestItem): string {
  const ways = [item.contact.phone, item.contact.email].filter((w): w is string => Boolean(w)).map(oneLine);
  return ways.length ? `    ${ways.join(' · ')}` : '';
}

function overdueLines(item: DigestItem, user: DigestRecipient): string[] {
  const wall = localDateTimeOf(Date.parse(item.followUp.dueAt), user.timeZone);
  const due = item.followUp.allDay ? onDate(shortDate, item.followUp.dueLocal.slice(0, 10)) : `${onDate(shortDate, wall.slice(0, 10))} ${wall.slice(11)}`;
  const label = item.followUp.promised ? 'PROMISED, due' : 'due';
  return [`  - ${what(item)} (${label} ${due})`, reach(item), `    Opener: ${oneLine(item.opener)}`].filter(Boolean);
}

function todayLines(item: DigestItem, user: DigestRecipient): string[] {
  const when = item.followUp.allDay
    ? 'Any time today'
    : `${localDateTimeOf(Date.parse(item.followUp.dueAt), user.timeZone).slice(11)} your time, ${item.contact.localTime} for them (${item.contact.timeZone})`;
  const promised = item.followUp.promised ? ' (promised)' : '';
  return [`  - ${when}: ${what(item)}${promised}`, reach(item), `    Opener: ${oneLine(item.opener)}`].filter(Boolean);
}

/**
 * The morning digest: overdue items first (promises at the top), then the day in time order, each
 * in the user's time and the contact's. Links are absolute: the mail is read outside the app.
 */
export function renderDigest(items: readonly DigestItem[], user: DigestRecipient, date: string, baseUrl: string): DigestMessage {
  const base = baseUrl.replace(/\/+$/, '');
  const overdue = items.filter((i) => i.overdue).sort(overdueOrder);
  const today = items.filter((i) => !i.overdue).sort(todayOrder);
  const day = onDate(longDate, date);
  const counts = [overdue.length ? `${overdue.length} overdue` : '', today.length ? plural(today.length, 'follow-up') : ''].filter(Boolean);
  const subject = `Your day, ${day}: ${counts.length ? counts.join(', ') : 'nothing due'}`;
  const first = firstName(oneLine(user.name));
  const lines = [first ? `Good morning ${first},` : 'Good morning,', ''];
  if (overdue.length) lines.push(`Overdue (${overdue.length}), keep these first:`, ...overdue.flatMap((i) => overdueLines(i, user)), '');
  if (today.length) lines.push(`Today (${today.length}), times in ${user.timeZone}:`, ...today.flatMap((i) => todayLines(i, user)), '');
  if (!overdue.length && !today.length) {
    lines.push('Nothing is due today: a good day to reach out to someone you have not spoken to in a while.', '');
  }
  lines.push(`Open your day: ${base}/`, '', `You get this email at the start of each working day. To turn it off, untick "Morning digest email" in Settings: ${base}/settings`);
  return { subject, text: lines.join('\n') };
}
