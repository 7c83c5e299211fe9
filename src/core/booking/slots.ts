import { wallDateTimeOf } from '../../shared/zonedTime.js';
import { isWithinWindows } from '../reachableWindows.js';
import type { ReachableWindow } from '../types.js';

const MINUTE_MS = 60_000;
/** Every zone in use today is offset from UTC by a whole number of quarter hours. */
const STEP_MS = 15 * MINUTE_MS;

export interface BusyInterval {
  startMs: number;
  endMs: number;
}

export interface BookingSlotsInput {
  nowMs: number;
  /** No slot starts sooner than this after now (default two hours). */
  noticeMinutes: number;
  /** Slots start within this many days of now. */
  days: number;
  durationMinutes: number;
  /** Starts fall on this grid of the contact's wall clock (:00 and :30, or every quarter hour). */
  gridMinutes: 15 | 30;
  user: { timeZone: string; workingHours: ReachableWindow[] };
  contact: { timeZone: string; reachable: ReachableWindow[] };
  /** The user's other timed open follow-ups, each with its length. */
  busy: readonly BusyInterval[];
  /** At most this many slots (the page shows a fortnight at most). */
  limit?: number;
}

export interface BookingSlot {
  startMs: number;
  /** The contact's wall time, YYYY-MM-DDTHH:mm: what they see and choose. */
  local: string;
}

export const DEFAULT_NOTICE_MINUTES = 120;
export const DEFAULT_BOOKING_DAYS = 10;
const DEFAULT_LIMIT = 400;

/** The grid a booking of this length is offered on: quarter hours for short calls, half hours otherwise. */
export function gridFor(durationMinutes: number): 15 | 30 {
  return durationMinutes <= 15 ? 15 : 30;
}

/** Every quarter hour of [start, end) and its last minute lie in the windows: the whole meeting fits. */
function fitsWindows(startMs: number, endMs: number, zone: string, windows: ReachableWindow[]): boolean {
  for (let t = startMs; t < endMs; t += STEP_MS) if (!isWithinWindows(t, zone, windows)) return false;
  return isWithinWindows(endMs - MINUTE_MS, zone, windows);
}

function overlapsBusy(startMs: number, endMs: number, busy: readonly BusyInterval[]): boolean {
  return busy.some((b) => b.startMs < endMs && startMs < b.endMs);
}

/**
 * The times a contact may book: starts on the grid of their wall clock, at least the notice ahead,
 * within the days offered, where the whole meeting lies inside both the user's working hours (the
 * user's zone) and the contact's reachable windows (theirs) and clear of the user's other timed
 * follow-ups. Walking instants rather than wall times keeps daylight-saving days right: a skipped
 * hour offers nothing, a repeated hour is offered once per instant, each with its own wall time.
 */
export function bookingSlots(input: BookingSlotsInput): BookingSlot[] {
  const durationMs = input.durationMinutes * MINUTE_MS;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const earliest = input.nowMs + input.noticeMinutes * MINUTE_MS;
  const horizon = input.nowMs + input.days * 86_400_000;
  const out: BookingSlot[] = [];
  for (let start = Math.ceil(earliest / STEP_MS) * STEP_MS; start < horizon && out.length < limit; start += STEP_MS) {
    const local = wallDateTimeOf(start, input.contact.timeZone);
    if (Number(local.slice(14, 16)) % input.gridMinutes !== 0) continue;
    const end = start + durationMs;
    if (!fitsWindows(start, end, input.contact.timeZone, input.contact.reachable)) continue;
    if (!fitsWindows(start, end, input.user.timeZone, input.user.workingHours)) continue;
    if (overlapsBusy(start, end, input.busy)) continue;
    out.push({ startMs: start, local });
  }
  return out;
}

/** The quarter-hour cells a booking occupies: two bookings of one user that overlap share a cell. */
export function occupiedCells(startMs: number, durationMinutes: number): number[] {
  const cells: number[] = [];
  const end = startMs + durationMinutes * MINUTE_MS;
  for (let cell = Math.floor(startMs / STEP_MS) * STEP_MS; cell < end; cell += STEP_MS) cells.push(cell);
  return cells;
}
