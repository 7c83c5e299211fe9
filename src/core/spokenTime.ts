import { Temporal } from 'temporal-polyfill';
import { Remembered } from '../shared/remembered.js';
import { localDateOf, localTimeOf } from './time.js';
import type { Due } from './types.js';

// Formatters built once (they never change): these run for every warning and agenda item, and
// toLocaleString builds a formatter per call.
const shortDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Noon UTC of a YYYY-MM-DD date, in ms: a moment on that date for a UTC formatter, by plain date
 * arithmetic (years 0–99 kept as they are, unlike Date.UTC). Anything else (no match, or 02-30
 * rolling over into March) goes the exact way, which throws for a date that does not exist.
 */
function utcNoonOf(localDate: string): number {
  const match = LOCAL_DATE.exec(localDate);
  const at = new Date(0);
  if (match) at.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!match || at.getUTCDate() !== Number(match[3])) return Temporal.PlainDate.from(localDate).toZonedDateTime('UTC').epochMilliseconds + DAY_MS / 2;
  at.setUTCHours(12);
  return at.getTime();
}

// Formatting is the dear part (an agenda's openers and warnings speak of the same few dates over
// and over), and a date's words never change: the latest dates' words are kept.
const shortDates = new Remembered<string>(2_000);
const longDates = new Remembered<string>(2_000);

/** "Mon 30 Nov" for a YYYY-MM-DD date. */
export function spokenShortDate(localDate: string): string {
  return shortDates.get(localDate, () => shortDay.format(utcNoonOf(localDate)).replace(/,/g, ''));
}

/** "Monday 30 November" for a YYYY-MM-DD date. */
export function spokenLongDate(localDate: string): string {
  return longDates.get(localDate, () => longDay.format(utcNoonOf(localDate)));
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcNoonOf(to) - utcNoonOf(from)) / DAY_MS);
}

/** "Mon 30 Nov, 09:00 their time", or "Mon 30 Nov (all day)": a due in words, in the zone it was agreed in. */
export function spokenDue(due: Due, whose: 'their' | 'your' = 'their'): string {
  const ms = Date.parse(due.dueAt);
  if (due.allDay) return `${spokenShortDate(due.dueLocal.slice(0, 10))} (all day)`;
  return `${spokenShortDate(localDateOf(ms, due.timeZone))}, ${localTimeOf(ms, due.timeZone)} ${whose} time`;
}

/** "Fri 4 Dec, 14:05" for an instant, in a zone. */
export function spokenInstant(epochMs: number, zone: string): string {
  return `${spokenShortDate(localDateOf(epochMs, zone))}, ${localTimeOf(epochMs, zone)}`;
}
