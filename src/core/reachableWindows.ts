import { Temporal } from 'temporal-polyfill';
import { defaultReachableWindows } from '../shared/defaults.js';
import { WALL_TIME_DISAMBIGUATION } from '../shared/zonedTime.js';
import { AppError } from './errors.js';
import { localDateTimeOf, minutesOfDay } from './time.js';
import type { ReachableWindow } from './types.js';

/** Used when a contact has no windows of their own (the default lives in src/shared, for the web app too). */
export const defaultWindows: ReachableWindow[] = defaultReachableWindows();

const SEARCH_DAYS = 400;

function effective(windows: ReachableWindow[]): ReachableWindow[] {
  return windows.length > 0 ? windows : defaultWindows;
}

export function validateWindows(windows: ReachableWindow[], path = 'reachable'): ReachableWindow[] {
  if (!Array.isArray(windows)) throw AppError.invalid(path, 'must be a list of windows');
  return windows.map((w, i) => {
    const at = `${path}.${i}`;
    if (typeof w !== 'object' || w === null) throw AppError.invalid(at, 'must be {days, from, to}');
    const { days, from, to } = w;
    if (!Array.isArray(days) || days.length === 0) throw AppError.invalid(`${at}.days`, 'must list at least one day');
    if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
      throw AppError.invalid(`${at}.days`, 'must be ISO weekdays 1 (Monday) to 7 (Sunday)');
    }
    const start = typeof from === 'string' && from !== '24:00' ? minutesOfDay(from) : NaN;
    if (Number.isNaN(start)) throw AppError.invalid(`${at}.from`, 'must be HH:mm');
    const end = typeof to === 'string' ? minutesOfDay(to) : NaN;
    if (Number.isNaN(end)) throw AppError.invalid(`${at}.to`, 'must be HH:mm (or 24:00)');
    if (end <= start) throw AppError.invalid(`${at}.to`, 'must be after from');
    return { days: [...new Set(days)].sort((a, b) => a - b), from, to };
  });
}

function inside(zdt: Temporal.ZonedDateTime, windows: ReachableWindow[]): boolean {
  const minute = zdt.hour * 60 + zdt.minute;
  return effective(windows).some(
    (w) => w.days.includes(zdt.dayOfWeek) && minute >= minutesOfDay(w.from) && minute < minutesOfDay(w.to),
  );
}

function zoned(epochMs: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone);
}

export function isWithinWindows(epochMs: number, zone: string, windows: ReachableWindow[]): boolean {
  // From the wall time string (cheap) rather than a ZonedDateTime: the agenda asks this per item.
  const wall = localDateTimeOf(epochMs, zone);
  const dayOfWeek = ((new Date(`${wall.slice(0, 10)}T00:00Z`).getUTCDay() + 6) % 7) + 1;
  const minute = Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16));
  if (!(dayOfWeek >= 1 && minute >= 0)) return inside(zoned(epochMs, zone), windows);
  return effective(windows).some((w) => w.days.includes(dayOfWeek) && minute >= minutesOfDay(w.from) && minute < minutesOfDay(w.to));
}

/**
 * The first reachable instant of a local day is where the wall time reaches a window's start
 * (twice on a fall-back day), the start of the day, or a DST transition (a window starting
 * inside a spring-forward gap opens when the clock jumps). Checking those candidates is exact.
 */
function candidatesOn(date: Temporal.PlainDate, zone: string, windows: ReachableWindow[]): number[] {
  const start = date.toZonedDateTime(zone);
  const next = date.add({ days: 1 }).toZonedDateTime(zone);
  const out = [start.epochMilliseconds];
  if (start.offsetNanoseconds !== next.offsetNanoseconds) {
    const shift = start.getTimeZoneTransition('next');
    if (shift) out.push(shift.epochMilliseconds);
  }
  for (const w of windows) {
    const from = minutesOfDay(w.from);
    if (!w.days.includes(date.dayOfWeek) || !(from < 1440)) continue;
    const wall = date.toPlainDateTime({ hour: Math.floor(from / 60), minute: from % 60 });
    out.push(wall.toZonedDateTime(zone, { disambiguation: 'earlier' }).epochMilliseconds);
    out.push(wall.toZonedDateTime(zone, { disambiguation: 'later' }).epochMilliseconds);
  }
  return out;
}

export function nextWithinWindows(epochMs: number, zone: string, windows: ReachableWindow[]): number {
  const start = zoned(epochMs, zone);
  if (inside(start, windows)) return epochMs;
  const list = effective(windows);
  let best: number | undefined;
  // Start a day early: a fall-back over midnight can put later instants on the previous date.
  let date = start.toPlainDate().subtract({ days: 1 });
  for (let i = 0; i <= SEARCH_DAYS; i++, date = date.add({ days: 1 })) {
    for (const ms of candidatesOn(date, zone, list)) {
      if (ms > epochMs && (best === undefined || ms < best) && inside(zoned(ms, zone), list)) best = ms;
    }
    // Later dates start later, so one day past a hit cannot beat it.
    if (best !== undefined && Temporal.PlainDate.compare(date, zoned(best, zone).toPlainDate()) > 0) return best;
  }
  if (best !== undefined) return best;
  throw AppError.invalid('reachable', `no reachable time within ${SEARCH_DAYS} days`);
}

/** Same wall time, n Mon–Fri days later; a weekend start counts from the next Monday. */
export function addBusinessDays(epochMs: number, zone: string, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw AppError.invalid('days', 'must be a whole number ≥ 0');
  const start = zoned(epochMs, zone);
  let date = start.toPlainDate();
  const isWeekend = (d: Temporal.PlainDate): boolean => d.dayOfWeek >= 6;
  while (isWeekend(date)) date = date.add({ days: 1 });
  date = date.add({ weeks: Math.floor(days / 5) });
  for (let left = days % 5; left > 0; ) {
    date = date.add({ days: 1 });
    if (!isWeekend(date)) left--;
  }
  return date.toPlainDateTime(start.toPlainTime()).toZonedDateTime(zone, { disambiguation: WALL_TIME_DISAMBIGUATION })
    .epochMilliseconds;
}

export function addMinutes(epochMs: number, minutes: number): number {
  return epochMs + minutes * 60_000;
}
