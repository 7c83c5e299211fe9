/**
 * Time display in the browser. The server is the authority on every instant it stores; these helpers
 * show wall times in a zone and preview "your equivalent" of a client's chosen time, with the same
 * functions the server uses (src/shared/zonedTime.ts), so the preview and the stored time agree.
 */
import { instantOfWallTime, wallDateTimeOf } from '../../src/shared/zonedTime.js';

export interface Wall { date: string; time: string }

/** The wall date (YYYY-MM-DD) and time (HH:mm) of an instant in a zone, as the server computes it. */
export function wallOf(ms: number, zone: string): Wall {
  const wall = wallDateTimeOf(ms, zone);
  return { date: wall.slice(0, 10), time: wall.slice(11) };
}

/**
 * The instant of a wall time in a zone, by the server's own rule (a time in a spring-forward gap
 * moves forward by the gap; a repeated one is the earlier); null when there is no such time.
 */
export function instantOf(date: string, time: string, zone: string): number | null {
  return instantOfWallTime(`${date}T${time}`, zone);
}

export function todayIn(zone: string, now = Date.now()): string {
  return wallOf(now, zone).date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** "Tue 10 Mar" for a YYYY-MM-DD date. */
export function formatDate(date: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
}

/** "Tue 10 Mar, 14:30" for an instant in a zone. */
export function formatInstant(iso: string | number, zone: string, withDate = true): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const wall = wallOf(ms, zone);
  return withDate ? `${formatDate(wall.date)}, ${wall.time}` : wall.time;
}

/** A short zone label: "New York" from America/New_York. */
export function cityOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** The zones offered in pickers: the runtime's list when it has one. */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone');
    if (zones?.length) return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    // older runtime: fall through
  }
  return ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney'];
}

export function relativeDays(date: string, today: string): string {
  const diff = Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000);
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  if (diff === -1) return 'yesterday';
  return diff > 0 ? `in ${diff} days` : `${-diff} days ago`;
}
