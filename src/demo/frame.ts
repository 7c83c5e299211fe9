import { dayRange, todayIn } from '../core/time.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** How far back the demo's history goes. */
export const HISTORY_DAYS = 120;

/** What "now" means for the plan: the real clock, the user's zone and their today. */
export interface Frame {
  now: number;
  userZone: string;
  today: string;
  todayStart: number;
  todayEnd: number;
  earliest: number;
}

export function frameAt(now: number, userZone: string): Frame {
  const today = todayIn(now, userZone);
  const { start: todayStart, end: todayEnd } = dayRange(today, userZone);
  return { now, userZone, today, todayStart, todayEnd, earliest: now - HISTORY_DAYS * DAY };
}
