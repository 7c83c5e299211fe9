import { Temporal } from 'temporal-polyfill';
import { Remembered } from '../shared/remembered.js';
import { canonicalTimeZone, WALL_TIME_DISAMBIGUATION, wallDateTimeOf } from '../shared/zonedTime.js';
import { AppError } from './errors.js';
import type { Due } from './types.js';

export type DueInput = { at: string } | { local: string; timeZone?: string } | { date: string };

// Years 0000–9999 keep the stored format fixed-width and therefore sortable as text.
// Year 0000 is a real ISO year, but PostgreSQL's timestamptz has no year 0 and refuses it.
const MIN_MS = Temporal.Instant.from('0001-01-01T00:00:00Z').epochMilliseconds;
const MAX_MS = Temporal.Instant.from('9999-12-31T23:59:59.999Z').epochMilliseconds;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `YYYY-MM-DDTHH:mm:ss.sssZ`. Date's own ISO form is the same string as Temporal's at millisecond precision, at a fraction of the cost (hot in logging). */
export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function parseInstant(value: string, path: string): number {
  let ms: number;
  try {
    if (typeof value !== 'string') throw new TypeError('not a string');
    ms = Temporal.Instant.from(value).epochMilliseconds;
  } catch {
    throw AppError.invalid(path, 'must be an ISO 8601 instant with Z or an offset');
  }
  if (ms < MIN_MS || ms > MAX_MS) throw AppError.invalid(path, 'must be between years 0001 and 9999');
  return ms;
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

export function assertTimeZone(zone: string, path: string): string {
  const id = canonicalTimeZone(zone);
  if (id === undefined) throw AppError.invalid(path, `"${String(zone)}" is not a time zone we know; use a zone name such as Europe/Paris or America/New_York`);
  return id;
}

function parseLocalDate(s: string): Temporal.PlainDate | undefined {
  const m = typeof s === 'string' ? LOCAL_DATE.exec(s) : null;
  if (!m) return undefined;
  try {
    return Temporal.PlainDate.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
      { overflow: 'reject' },
    );
  } catch {
    return undefined;
  }
}

function parseLocalDateTime(s: string): Temporal.PlainDateTime | undefined {
  const m = typeof s === 'string' ? LOCAL_DATE_TIME.exec(s) : null;
  if (!m) return undefined;
  try {
    return Temporal.PlainDateTime.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) },
      { overflow: 'reject' },
    );
  } catch {
    return undefined;
  }
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight of an HH:mm wall time; "24:00" is 1440. NaN when malformed. */
export function minutesOfDay(hhmm: string): number {
  if (hhmm === '24:00') return 1440;
  const m = HH_MM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

export function isValidLocalDate(s: string): boolean {
  return parseLocalDate(s) !== undefined;
}

/**
 * dueLocal is always the wall time of dueAt in timeZone, so a wall time inside a
 * spring-forward gap is stored as the time it moved to (02:30 → 03:30).
 */
export function resolveDue(input: DueInput, defaultZone: string, path = 'due'): Due {
  // Bodies arrive from JSON, so check shape at runtime too.
  const fields: { at?: unknown; local?: unknown; date?: unknown; timeZone?: unknown } =
    typeof input === 'object' && input !== null ? input : {};
  const given = [fields.at, fields.local, fields.date].filter((v) => v !== undefined);
  if (given.length !== 1) throw AppError.invalid(path, 'must have exactly one of at, local or date');

  const zone =
    fields.local !== undefined && fields.timeZone !== undefined
      ? assertTimeZone(String(fields.timeZone), `${path}.timeZone`)
      : assertTimeZone(defaultZone, `${path}.timeZone`);

  if (fields.at !== undefined) {
    const ms = parseInstant(String(fields.at), `${path}.at`);
    return timedDue(ms, zone);
  }
  if (fields.local !== undefined) {
    const wall = typeof fields.local === 'string' ? parseLocalDateTime(fields.local) : undefined;
    if (!wall) throw AppError.invalid(`${path}.local`, 'must be a real local time YYYY-MM-DDTHH:mm');
    const ms = wall.toZonedDateTime(zone, { disambiguation: WALL_TIME_DISAMBIGUATION }).epochMilliseconds;
    if (ms < MIN_MS || ms > MAX_MS) throw AppError.invalid(`${path}.local`, 'is out of range');
    return timedDue(ms, zone);
  }
  const date = typeof fields.date === 'string' ? parseLocalDate(fields.date) : undefined;
  if (!date) throw AppError.invalid(`${path}.date`, 'must be a real date YYYY-MM-DD');
  const ms = date.toZonedDateTime(zone).epochMilliseconds;
  if (ms < MIN_MS || ms > MAX_MS) throw AppError.invalid(`${path}.date`, 'is out of range');
  return { dueAt: formatInstant(ms), dueLocal: date.toString(), timeZone: zone, allDay: true };
}

function timedDue(ms: number, zone: string): Due {
  return { dueAt: formatInstant(ms), dueLocal: localDateTimeOf(ms, zone), timeZone: zone, allDay: false };
}

// Wall times come from the one function in src/shared, which the web app and the benchmarks use too.
export function localDateOf(epochMs: number, zone: string): string {
  return wallDateTimeOf(epochMs, zone).slice(0, 10);
}

export function localDateTimeOf(epochMs: number, zone: string): string {
  return wallDateTimeOf(epochMs, zone);
}

export function localTimeOf(epochMs: number, zone: string): string {
  return wallDateTimeOf(epochMs, zone).slice(11);
}

export function todayIn(nowMs: number, zone: string): string {
  return localDateOf(nowMs, zone);
}

// A day's bounds in a zone never change, and the Temporal polyfill takes ~50 µs to find them: every
// agenda asks for its user's day more than once, so the latest days asked for are kept. An answer is
// shared by every caller, so it is frozen: no caller can change another's day.
const dayRanges = new Remembered<Readonly<{ start: number; end: number }>>(5_000);

/** [start of the local date, start of the next one); not always 00:00 or 24 hours. */
export function dayRange(date: string, zone: string): Readonly<{ start: number; end: number }> {
  return dayRanges.get(`${date} ${zone}`, () => {
    const day = parseLocalDate(date);
    if (!day) throw AppError.invalid('date', 'must be a real date YYYY-MM-DD');
    return Object.freeze({
      start: day.toZonedDateTime(zone).epochMilliseconds,
      end: day.add({ days: 1 }).toZonedDateTime(zone).epochMilliseconds,
    });
  });
}

/** Late means on a later local day than agreed, in the zone it was agreed in. */
export function isLate(due: Due, occurredAtMs: number): boolean {
  return localDateOf(occurredAtMs, due.timeZone) > due.dueLocal.slice(0, 10);
}
