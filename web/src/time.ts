/**
 * Time display with the browser's Intl tables. The server is the authority on every instant it stores;
 * these helpers only show wall times in a zone and preview "your equivalent" of a client's chosen time.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsCache.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    partsCache.set(zone, format);
  }
  return format;
}

export interface Wall { date: string; time: string }

/** The wall date (YYYY-MM-DD) and time (HH:mm) of an instant in a zone. */
export function wallOf(ms: number, zone: string): Wall {
  const parts: Record<string, string> = {};
  for (const p of partsFormat(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${hour}:${parts.minute}` };
}

function offsetMs(ms: number, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of partsFormat(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of a wall time in a zone (a time in a spring-forward gap moves forward, as the server does). */
export function instantOf(date: string, time: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(guess)) return null;
  try {
    const before = offsetMs(guess - 86_400_000, zone);
    const after = offsetMs(guess + 86_400_000, zone);
    const candidates = [guess - before, guess - after].filter((c) => {
      const w = wallOf(c, zone);
      return w.date === date && w.time === time;
    });
    if (candidates.length) return Math.min(...candidates); // fall-back overlap: the earlier instant
    return guess - before; // spring-forward gap: forward by the gap's length
  } catch {
    return null;
  }
}

export function todayIn(zone: string, now = Date.now()): string {
  return wallOf(now, zone).date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
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
