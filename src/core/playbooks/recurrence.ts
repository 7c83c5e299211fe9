import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { localDateOf } from '../time.js';
import type { ContactProtocol, Recurrence, RecurrenceEvery } from './types.js';

function parseDate(value: string, path: string): Temporal.PlainDate {
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw AppError.invalid(path, 'must be a real date YYYY-MM-DD');
  }
}

function plus(date: Temporal.PlainDate, every: RecurrenceEvery, times: number): Temporal.PlainDate {
  // Always from the anchor, never step by step: Feb 29 → Feb 28 must come back to Feb 29 in leap years.
  const n = every.amount * times;
  const duration = every.unit === 'days' ? { days: n } : every.unit === 'months' ? { months: n } : { years: n };
  return date.add(duration, { overflow: 'constrain' });
}

/** The k-th occurrence (k ≥ 1) of anchor + k·every; Feb 29 falls on Feb 28 in other years. */
export function occurrence(anchor: string, every: RecurrenceEvery, k: number): string {
  return plus(parseDate(anchor, 'anchor'), every, k).toString();
}

/** The first occurrence of anchor + k·every (k ≥ 1) on or after notBefore. */
export function nextAnchoredDate(anchor: string, every: RecurrenceEvery, notBefore: string, path = 'anchor'): string {
  const start = parseDate(anchor, path);
  const floor = parseDate(notBefore, 'notBefore');
  const elapsed = Temporal.PlainDate.compare(floor, start) > 0
    ? start.until(floor, { largestUnit: every.unit })[every.unit]
    : 0;
  let k = Math.max(1, Math.floor(elapsed / every.amount) - 1);
  while (k > 1 && Temporal.PlainDate.compare(plus(start, every, k - 1), floor) >= 0) k--;
  while (Temporal.PlainDate.compare(plus(start, every, k), floor) < 0) k++;
  return plus(start, every, k).toString();
}

/** `every` after the local date of the last contact: a new touch restarts the clock. */
export function afterLastContact(lastContactMs: number, zone: string, every: RecurrenceEvery): string {
  return plus(Temporal.PlainDate.from(localDateOf(lastContactMs, zone)), every, 1).toString();
}

export interface CycleInput {
  atMs: number;
  lastContactAtMs: number | null;
  /** The previous cycle's date: the next one must come after it. */
  previousCycleDate: string | null;
}

/** The local date the next cycle is for, or null when the anchor it counts from is unknown. */
export function nextCycleDate(recurrence: Recurrence, contact: ContactProtocol, input: CycleInput): string | null {
  const zone = contact.timeZone;
  if (recurrence.basis === 'last-contact') {
    return afterLastContact(input.lastContactAtMs ?? input.atMs, zone, recurrence.every);
  }
  const anchor = contact[recurrence.anchor];
  if (!anchor) return null;
  const today = Temporal.PlainDate.from(localDateOf(input.atMs, zone));
  const afterPrevious = input.previousCycleDate ? Temporal.PlainDate.from(input.previousCycleDate).add({ days: 1 }) : today;
  const notBefore = Temporal.PlainDate.compare(afterPrevious, today) > 0 ? afterPrevious : today;
  return nextAnchoredDate(anchor, recurrence.every, notBefore.toString(), `contact.${recurrence.anchor}`);
}

/** The first instant of a local date. */
export function startOfDate(date: string, zone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime(zone).epochMilliseconds;
}
