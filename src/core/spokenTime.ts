import { localDateOf, localTimeOf } from './time.js';
import type { Due } from './types.js';

// Built once: these run for every warning and agenda item.
const shortDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

function utcNoon(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number);
  const at = new Date(0);
  at.setUTCFullYear(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  at.setUTCHours(12);
  return at.getTime();
}

/** "Mon 30 Nov" for a YYYY-MM-DD date. */
export function spokenShortDate(localDate: string): string {
  return shortDay.format(utcNoon(localDate)).replace(/,/g, '');
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
