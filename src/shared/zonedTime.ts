/**
 * Time zones and wall times, one way for the server, the CLI, the web app and the benchmarks: which
 * zone names we accept, the wall time of an instant in a zone, and the instant of a wall time (with
 * one rule for the times a zone skips or repeats).
 */
import { Temporal } from 'temporal-polyfill';
import { Remembered } from './remembered.js';

/**
 * How a wall time that a zone skips or repeats becomes an instant: a time in a spring-forward gap
 * moves forward by the gap's length (02:30 → 03:30), a time in a fall-back overlap is the earlier of
 * the two. The stored due time and the preview in the web app agree because both use this.
 */
export const WALL_TIME_DISAMBIGUATION: NonNullable<Temporal.DisambiguationOptions['disambiguation']> = 'compatible';

const WALL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The zone's IANA name as the tables spell it ("america/new_york" → "America/New_York"), or
 * undefined. Temporal also accepts offsets ("+05:00") and whole ISO strings ("2020-01-01T00:00Z" →
 * UTC); only a named zone that round-trips (modulo case) is an IANA name.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (typeof zone !== 'string' || zone === '') return undefined;
  let id: string;
  try {
    id = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone).timeZoneId;
  } catch {
    return undefined;
  }
  if (id.startsWith('+') || id.startsWith('-')) return undefined;
  return id.toLowerCase() === zone.toLowerCase() ? id : undefined;
}

export function isIanaTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

// One Intl formatter per zone, built on first use: building one costs ~70 µs, using it ~1.3 µs, and
// the agenda asks for several wall times per item. A formatter is immutable, so sharing it changes no
// answer; the Temporal path gives the same wall time (the polyfill reads its offsets from Intl too).
// Outside years 1000–9999 Intl's year format differs, so those go the exact way.
const FAST_FROM_MS = Date.UTC(1000, 0, 1);
const FAST_TO_MS = Date.UTC(10000, 0, 1);
const formats = new Remembered<Intl.DateTimeFormat | null>(1000);
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2})$/;

function formatFor(zone: string): Intl.DateTimeFormat | null {
  return formats.get(zone, () => {
    try {
      return new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      });
    } catch {
      return null; // let Temporal raise its own error
    }
  });
}

// The wall time of the minutes asked for lately, per zone: an agenda of 16 items asks 90 times for
// 35 distinct (zone, minute) pairs ("now" and each due time, in the user's and each client's zone).
// Since every zone's offset became a whole number of minutes (Liberia's -0:44:30 ended in 1972), a wall
// time to the minute depends on the instant's minute alone, so a remembered one is exact.
const REMEMBER_FROM_MS = Date.UTC(1980, 0, 1);
const wallTimes = new Remembered<string | null>(10_000);

function formattedWallTime(epochMs: number, zone: string): string | null {
  const match = FORMATTED.exec(formatFor(zone)?.format(epochMs) ?? '');
  return match ? `${match[3]}-${match[1]}-${match[2]}T${match[4]}:${match[5]}` : null;
}

/** "YYYY-MM-DDTHH:mm": the wall time of an instant in a zone. Throws for a zone that is not one. */
export function wallDateTimeOf(epochMs: number, zone: string): string {
  if (epochMs >= FAST_FROM_MS && epochMs < FAST_TO_MS) {
    const wall = epochMs >= REMEMBER_FROM_MS
      ? wallTimes.get(`${Math.floor(epochMs / 60_000)} ${zone}`, () => formattedWallTime(epochMs, zone))
      : formattedWallTime(epochMs, zone);
    if (wall !== null) return wall;
  }
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/**
 * The instant (epoch ms) of a real wall time "YYYY-MM-DDTHH:mm" in a zone, by the one
 * disambiguation; null for a date or time that does not exist (02-30, 25:00) or a zone that is not one.
 */
export function instantOfWallTime(wall: string, zone: string): number | null {
  const m = typeof wall === 'string' ? WALL_DATE_TIME.exec(wall) : null;
  if (!m) return null;
  try {
    const local = Temporal.PlainDateTime.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) },
      { overflow: 'reject' },
    );
    return local.toZonedDateTime(zone, { disambiguation: WALL_TIME_DISAMBIGUATION }).epochMilliseconds;
  } catch {
    return null;
  }
}
