/**
 * Times and channels in words a client reads without thinking: "Tuesday 8 December, 10:00",
 * "New York time", "Video call". Wall times come from the server's own zone functions (../time.js).
 */
import type { Channel } from '../../../src/shared/vocabulary.js';
import { cityOfZone } from '../../../src/shared/zoneNames.js';
import { formatDate, wallOf } from '../time.js';

const CHANNEL_LABELS: Record<Channel, string> = {
  call: 'Phone call', video: 'Video call', meeting: 'Meeting in person', coffee: 'Coffee', email: 'Email', sms: 'Text message',
  voicemail: 'Voicemail', letter: 'Letter', gift: 'Gift', social: 'Social media', other: 'Other',
};

/** "Phone call", "Video call", … as a choice is labelled (in a sentence: shared/vocabulary's channelWords). */
export const channelLabel = (channel: Channel): string => CHANNEL_LABELS[channel];

/** "New York time"; "UTC" for UTC. */
export function zoneWords(zone: string): string {
  return zone === 'UTC' || zone === 'Etc/UTC' ? 'UTC' : `${cityOfZone(zone)} time`;
}

/** "Tuesday 8 December", with the year only when it is not this year. */
export function dayWords(date: string, thisYear: string): string {
  const day = `${formatDate(date, { weekday: 'long' })} ${formatDate(date, { day: 'numeric', month: 'long' })}`;
  return date.slice(0, 4) === thisYear ? day : `${day} ${date.slice(0, 4)}`;
}

/** "Tuesday 8 December, 10:00" for an instant, in a zone. */
export function whenWords(iso: string, zone: string, nowMs = Date.now()): string {
  const wall = wallOf(Date.parse(iso), zone);
  return `${dayWords(wall.date, wallOf(nowMs, zone).date.slice(0, 4))}, ${wall.time}`;
}

/** "10:00–10:30" for an instant and a length, in a zone. */
export function timeRangeWords(iso: string, minutes: number, zone: string): string {
  const start = Date.parse(iso);
  return `${wallOf(start, zone).time}–${wallOf(start + minutes * 60_000, zone).time}`;
}

export interface DaySlots {
  date: string;
  label: string;
  slots: { start: string; time: string }[];
}

/** The offered times grouped by day as the zone's clock sees them, in order. */
export function slotsByDay(slots: readonly { start: string }[], zone: string, nowMs = Date.now()): DaySlots[] {
  const thisYear = wallOf(nowMs, zone).date.slice(0, 4);
  const days = new Map<string, DaySlots>();
  for (const slot of [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const wall = wallOf(Date.parse(slot.start), zone);
    let day = days.get(wall.date);
    if (!day) {
      day = { date: wall.date, label: dayWords(wall.date, thisYear), slots: [] };
      days.set(wall.date, day);
    }
    day.slots.push({ start: slot.start, time: wall.time });
  }
  return [...days.values()];
}

/** The offered slot a `?slot=` instant names, compared as instants (any ISO spelling of it). */
export function offeredSlot(slots: readonly { start: string }[], wanted: string | null): string | null {
  const ms = wanted ? Date.parse(wanted) : Number.NaN;
  if (Number.isNaN(ms)) return null;
  return slots.find((s) => Date.parse(s.start) === ms)?.start ?? null;
}
