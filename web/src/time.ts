/**
 * Time display in the browser. The server is the authority on every instant it stores; these helpers
 * show wall times in a zone. Turning a typed wall time into an instant is web/src/wallTime.ts.
 */

export interface Wall { date: string; time: string }

// The server's wallDateTimeOf (src/shared/zonedTime.ts) reads a wall time from this same Intl format,
// and reaches for Temporal only outside years 1000–9999; importing it would put the Temporal polyfill
// (about 20 KB gzip) in the first download for dates no follow-up has. One formatter per zone, as there.
// Building a formatter costs far more than using one (toLocaleDateString builds one on every call), and
// a formatter is immutable: one is kept per locale and set of options, for wall times and dates alike.
const formats = new Map<string, Intl.DateTimeFormat>();
const formatter = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
};
const wallFormat = (zone: string): Intl.DateTimeFormat => formatter('en-US', {
  timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});

/** The wall date (YYYY-MM-DD) and time (HH:mm) of an instant in a zone. Throws for a zone that is not one. */
export function wallOf(ms: number, zone: string): Wall {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of wallFormat(zone).formatToParts(ms)) part[type] = value;
  return { date: `${(part.year ?? '').padStart(4, '0')}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
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
  return formatter('en-GB', { ...options, timeZone: 'UTC' }).format(d);
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
