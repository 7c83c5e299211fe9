import { Temporal } from 'temporal-polyfill';

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function icalLocal(dateTime: Temporal.PlainDateTime): string {
  return `${pad(dateTime.year, 4)}${pad(dateTime.month)}${pad(dateTime.day)}T${pad(dateTime.hour)}${pad(dateTime.minute)}${pad(dateTime.second)}`;
}

function icalOffset(nanoseconds: number): string {
  const totalMinutes = Math.round(nanoseconds / 60e9);
  const sign = totalMinutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(totalMinutes) / 60))}${pad(Math.abs(totalMinutes) % 60)}`;
}

/**
 * An RFC 5545 VTIMEZONE for an IANA zone, written from the runtime's own zone data: one observance
 * per transition between the given years (no RRULE to get wrong), so any client can place a
 * TZID-qualified time on the right instant even when it knows nothing of the zone's name.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  let cursor: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ timeZone: zone, year: fromYear, month: 1, day: 1 });
  const end = Temporal.ZonedDateTime.from({ timeZone: zone, year: toYear + 1, month: 1, day: 1 });
  const first = cursor;
  let transitions = 0;
  for (let guard = 0; cursor && guard < 1000; guard++) {
    const next: Temporal.ZonedDateTime | null = cursor.getTimeZoneTransition('next');
    if (!next || Temporal.ZonedDateTime.compare(next, end) >= 0) break;
    const before = next.subtract({ nanoseconds: 1 }).offsetNanoseconds;
    const after = next.offsetNanoseconds;
    // DTSTART of an observance is the local time by the offset in force before it (RFC 5545 3.6.5).
    const localStart = next.toInstant().toZonedDateTimeISO('UTC').toPlainDateTime().add({ nanoseconds: before });
    const kind = after > before ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${kind}`, `DTSTART:${icalLocal(localStart.round({ smallestUnit: 'second', roundingMode: 'floor' }))}`,
      `TZOFFSETFROM:${icalOffset(before)}`, `TZOFFSETTO:${icalOffset(after)}`, `END:${kind}`);
    transitions += 1;
    cursor = next;
  }
  if (transitions === 0) {
    const offset = icalOffset(first.offsetNanoseconds);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  }
  lines.push('END:VTIMEZONE');
  return `${lines.join('\r\n')}\r\n`;
}
