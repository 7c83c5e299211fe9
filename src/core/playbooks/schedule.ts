import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.js';
import { addBusinessDays, defaultWindows, isWithinWindows, nextWithinWindows } from '../reachableWindows.js';
import type { ReachableWindow } from '../types.js';
import { minutesOfDay } from '../time.js';
import type { FrequencyCap, MoveReason, QuietHours, ScheduleMove, Wait, WorkspaceRules } from './types.js';

export const defaultRules: WorkspaceRules = {
  frequencyCap: { maxTouches: 3, perDays: 7 },
  quietHours: { from: '21:00', to: '08:00' },
};

function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Quiet hours as [from, to) minute ranges of one day; a range over midnight splits in two. */
function quietRanges(quiet: QuietHours | null): [number, number][] {
  if (!quiet) return [];
  const from = minutesOfDay(quiet.from);
  const to = minutesOfDay(quiet.to);
  if (from === to) return [];
  return from < to ? [[from, to]] : [[from, 1440], [0, to]];
}

function subtract(range: [number, number], cuts: [number, number][]): [number, number][] {
  let pieces: [number, number][] = [range];
  for (const [cutFrom, cutTo] of cuts) {
    pieces = pieces.flatMap(([a, b]): [number, number][] => {
      if (cutTo <= a || cutFrom >= b) return [[a, b]];
      const out: [number, number][] = [];
      if (a < cutFrom) out.push([a, cutFrom]);
      if (cutTo < b) out.push([cutTo, b]);
      return out;
    });
  }
  return pieces;
}

/** The contact's reachable windows minus quiet hours, optionally Monday to Friday only. */
export function allowedWindows(reachable: ReachableWindow[], quiet: QuietHours | null, weekdaysOnly: boolean): ReachableWindow[] {
  const base = reachable.length > 0 ? reachable : defaultWindows;
  const cuts = quietRanges(quiet);
  const out: ReachableWindow[] = [];
  for (const w of base) {
    const days = weekdaysOnly ? w.days.filter((d) => d <= 5) : w.days;
    if (days.length === 0) continue;
    for (const [a, b] of subtract([minutesOfDay(w.from), minutesOfDay(w.to)], cuts)) {
      out.push({ days, from: hhmmOf(a), to: hhmmOf(b) });
    }
  }
  return out;
}

export function applyWait(baseMs: number, wait: Wait, zone: string): number {
  const zoned = (): Temporal.ZonedDateTime => Temporal.Instant.fromEpochMilliseconds(baseMs).toZonedDateTimeISO(zone);
  switch (wait.unit) {
    case 'minutes':
      return baseMs + wait.amount * 60_000;
    case 'hours':
      return baseMs + wait.amount * 3_600_000;
    case 'days':
      return zoned().add({ days: wait.amount }).epochMilliseconds;
    case 'months':
      return zoned().add({ months: wait.amount }).epochMilliseconds;
    case 'business-days':
      return addBusinessDays(baseMs, zone, wait.amount);
  }
}

/** The end of the rolling window that opens at `fromMs`: the same wall time perDays later. */
export function capWindowEnd(fromMs: number, cap: FrequencyCap, zone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(zone).add({ days: cap.perDays }).epochMilliseconds;
}

/** The index of the first of `sorted` at or after `ms` (its length when none is). */
function firstAtOrAfter(sorted: readonly number[], ms: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Infinity) < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * How far from an instant a touch can share a cap window with it: perDays days plus two for the largest
 * jump a zone's clock has made (a day, where a zone crossed the date line). Touches further away never count.
 */
export function capReachMs(cap: FrequencyCap): number {
  return (cap.perDays + 2) * 86_400_000;
}

/**
 * The earliest instant ≥ t at which one more touch keeps every rolling window of cap.perDays days
 * (in the contact's zone) at most cap.maxTouches touches. Returns t itself when it already fits.
 * A zone-aware window end costs far more than the rest, so each is computed once, only for touches
 * that may open a window holding t, in time order until the first full window: a contact with
 * hundreds of touches costs a handful, not hundreds squared.
 */
export function capRelease(t: number, touches: readonly number[], cap: FrequencyCap, zone: string): number {
  if (!(cap.maxTouches >= 1) || !(cap.perDays >= 1)) {
    throw AppError.invalid('frequencyCap', 'must allow at least one touch over at least one day');
  }
  const sorted = [...touches].sort((a, b) => a - b);
  // A window holding t starts at t or at an earlier touch whose window still reaches past t; earliest first.
  const first = firstAtOrAfter(sorted, t - capReachMs(cap));
  const candidates = [...sorted.slice(first, firstAtOrAfter(sorted, t + 1)), t];
  for (const [index, s] of candidates.entries()) {
    const end = capWindowEnd(s, cap, zone);
    if (index < candidates.length - 1 && end <= t) continue;
    const from = firstAtOrAfter(sorted, s);
    const oldest = sorted[from];
    if (oldest !== undefined && firstAtOrAfter(sorted, end) - from >= cap.maxTouches) return oldest === s ? end : capWindowEnd(oldest, cap, zone);
  }
  return t;
}

export interface PlaceRequest {
  earliestMs: number;
  timeZone: string;
  reachable: ReachableWindow[];
  rules: WorkspaceRules;
  /** Business-day waits never land on a weekend (unless the contact is reachable only then). */
  weekdaysOnly: boolean;
  /** Unagreed touches are capped; agreed ones and non-touches are not. */
  capped: boolean;
  touches: readonly number[];
}

export interface Placement {
  atMs: number;
  delayedByCap: boolean;
  /** Each automatic move from earliestMs, in order; empty when it fit as it was. */
  moves: ScheduleMove[];
}

/** Why an instant outside the allowed windows was not allowed. */
function windowReason(ms: number, timeZone: string, reachable: ReachableWindow[], weekdaysOnly: boolean): MoveReason {
  const base = reachable.length > 0 ? reachable : defaultWindows;
  if (!isWithinWindows(ms, timeZone, base)) return 'reachable-hours';
  const weekend = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).dayOfWeek >= 6;
  return weekdaysOnly && weekend ? 'business-days' : 'quiet-hours';
}

/** The first instant at or after earliestMs inside the windows, outside quiet hours and under the cap. */
export function place(request: PlaceRequest): Placement {
  const { timeZone, reachable, rules } = request;
  let weekdaysOnly = request.weekdaysOnly;
  let windows = allowedWindows(reachable, rules.quietHours, weekdaysOnly);
  // A contact reachable only at weekends is called then: their choice beats our business days.
  if (windows.length === 0 && weekdaysOnly) {
    weekdaysOnly = false;
    windows = allowedWindows(reachable, rules.quietHours, false);
  }
  if (windows.length === 0) {
    throw AppError.invalid('reachable', "every reachable hour of the contact falls inside the workspace's quiet hours");
  }
  const cap = request.capped ? rules.frequencyCap : null;
  let t = request.earliestMs;
  const moves: ScheduleMove[] = [];
  for (;;) {
    const inside = nextWithinWindows(t, timeZone, windows);
    if (inside !== t) moves.push({ reason: windowReason(t, timeZone, reachable, weekdaysOnly), fromMs: t, toMs: inside });
    t = inside;
    const later = cap ? capRelease(t, request.touches, cap, timeZone) : t;
    if (later === t) return { atMs: t, delayedByCap: moves.some((m) => m.reason === 'frequency-cap'), moves };
    moves.push({ reason: 'frequency-cap', fromMs: t, toMs: later });
    t = later;
  }
}
