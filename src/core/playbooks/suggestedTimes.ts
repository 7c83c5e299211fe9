import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { isWithinWindows, nextWithinWindows } from '../reachableWindows.js';
import type { ReachableWindow } from '../types.js';

export interface SuggestedTimesInput {
  /** No slot starts before this. */
  fromMs: number;
  user: { timeZone: string; workingHours: ReachableWindow[] };
  contact: { timeZone: string; reachable: ReachableWindow[] };
  /** Start instants of the user's other follow-ups. */
  busy: readonly number[];
  slotMinutes?: number;
  count?: number;
}

export interface SuggestedSlot {
  startMs: number;
  /** YYYY-MM-DDTHH:mm in the contact's zone. */
  local: string;
  /** "Tuesday 14 May at 10:00", in the contact's zone. */
  label: string;
}

const HORIZON_DAYS = 60;
const MAX_STEPS = 5000;

function zoned(ms: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
}

function roundUp(ms: number, zone: string, minutes: number): number {
  return zoned(ms, zone).round({ smallestUnit: 'minute', roundingIncrement: minutes, roundingMode: 'ceil' }).epochMilliseconds;
}

function nextOrNull(ms: number, zone: string, windows: ReachableWindow[]): number | null {
  try {
    return nextWithinWindows(ms, zone, windows);
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}

function label(ms: number, zone: string): string {
  const z = zoned(ms, zone);
  const day = z.toPlainDate().toLocaleString('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
  return `${day} at ${z.toPlainTime().toString({ smallestUnit: 'minute' })}`;
}

/**
 * Slots (one a day, on different days) inside both the user's working hours and the contact's
 * reachable windows, clear of the user's other follow-ups, written in the contact's zone.
 * Fewer than `count` when the two never overlap within two months.
 */
export function suggestedTimes(input: SuggestedTimesInput): SuggestedSlot[] {
  const slotMs = (input.slotMinutes ?? 30) * 60_000;
  const count = input.count ?? 3;
  const { contact, user } = input;
  const horizon = input.fromMs + HORIZON_DAYS * 86_400_000;
  const inBoth = (ms: number): boolean =>
    isWithinWindows(ms, contact.timeZone, contact.reachable) && isWithinWindows(ms, user.timeZone, user.workingHours);
  const out: SuggestedSlot[] = [];
  const days = new Set<string>();
  let t = roundUp(input.fromMs, contact.timeZone, 30);
  for (let i = 0; i < MAX_STEPS && out.length < count && t < horizon; i++) {
    const a = nextOrNull(t, contact.timeZone, contact.reachable);
    const b = a === null ? null : nextOrNull(a, user.timeZone, user.workingHours);
    if (a === null || b === null) break;
    const start = roundUp(b, contact.timeZone, 30);
    if (start !== a || !inBoth(start)) {
      t = Math.max(start, t + 60_000);
      continue;
    }
    const day = zoned(start, contact.timeZone).toPlainDate();
    const clash = input.busy.some((busy) => busy < start + slotMs && start < busy + slotMs);
    if (days.has(day.toString())) {
      t = day.add({ days: 1 }).toZonedDateTime(contact.timeZone).epochMilliseconds;
    } else if (clash || !inBoth(start + slotMs - 60_000)) {
      t = start + slotMs;
    } else {
      out.push({
        startMs: start,
        local: zoned(start, contact.timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' }),
        label: label(start, contact.timeZone),
      });
      days.add(day.toString());
      t = day.add({ days: 1 }).toZonedDateTime(contact.timeZone).epochMilliseconds;
    }
  }
  return out;
}

/**
 * The text {{suggestedTimes}} merges in: one slot a line. With a booking link, each time is a link
 * that opens the booking page with that time chosen, so the client books it in one click.
 */
export function formatSuggestedTimes(slots: SuggestedSlot[], bookingLink: string | null = null): string {
  const linkTo = (s: SuggestedSlot): string => (bookingLink ? `: ${bookingLink}?slot=${encodeURIComponent(new Date(s.startMs).toISOString())}` : '');
  return slots.map((s) => `- ${s.label} (your time)${linkTo(s)}`).join('\n');
}
