/** When things happen in the demo: round wall times inside the contact's reachable windows. */
import { Temporal } from 'temporal-polyfill';
import { WALL_TIME_DISAMBIGUATION } from '../shared/zonedTime.js';
import type { ReachableWindow } from '../core/types.js';
import { minutesOfDay } from '../core/time.js';
import { DAY, MINUTE, type Frame } from './frame.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';
import { SLOTS } from './words.js';

export interface Slot {
  ms: number;
  /** YYYY-MM-DDTHH:mm in the contact's zone, as the client agreed it. */
  local: string;
}


export function slotTimes(day: Temporal.PlainDate, windows: readonly ReachableWindow[]): string[] {
  return SLOTS.filter((s) => windows.some((w) => w.days.includes(day.dayOfWeek) && minutesOfDay(s) >= minutesOfDay(w.from) && minutesOfDay(s) + 30 <= minutesOfDay(w.to)));
}

export function slotOf(day: Temporal.PlainDate, hhmm: string, zone: string): Slot {
  const local = `${day.toString()}T${hhmm}`;
  const ms = Temporal.PlainDateTime.from(local).toZonedDateTime(zone, { disambiguation: WALL_TIME_DISAMBIGUATION }).epochMilliseconds;
  return { ms, local };
}

export const zonedAt = (ms: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);

/** A reachable slot at or before `bound`, on the latest day that has one. */
export function slotOnOrBefore(rng: Rng, p: Person, bound: number): Slot {
  const at = zonedAt(bound, p.zone);
  let day = at.toPlainDate();
  const boundTime = at.toPlainTime().toString({ smallestUnit: 'minute' });
  for (let i = 0; i < 21; i++, day = day.subtract({ days: 1 })) {
    const times = slotTimes(day, p.reachable).filter((t) => i > 0 || t <= boundTime);
    if (times.length === 0) continue;
    const slot = slotOf(day, rng.pick(times), p.zone);
    if (slot.ms <= bound) return slot;
  }
  return { ms: bound, local: at.toPlainDateTime().toString({ smallestUnit: 'minute' }) };
}

/** A reachable slot at or after `from`, on the first day that has one. */
export function slotOnOrAfter(rng: Rng, p: Person, from: number): Slot {
  const at = zonedAt(from, p.zone);
  let day = at.toPlainDate();
  const fromTime = at.toPlainTime().toString({ smallestUnit: 'minute' });
  for (let i = 0; i < 21; i++, day = day.add({ days: 1 })) {
    const times = slotTimes(day, p.reachable).filter((t) => i > 0 || t >= fromTime);
    if (times.length === 0) continue;
    const slot = slotOf(day, rng.pick(times), p.zone);
    if (slot.ms >= from) return slot;
  }
  return { ms: from, local: at.toPlainDateTime().toString({ smallestUnit: 'minute' }) };
}

/** A slot inside the user's today: reachable if possible, else office hours, else all day. */
export function slotToday(rng: Rng, p: Person, f: Frame): Slot | { date: string } {
  const days = [-1, 0, 1].map((d) => Temporal.PlainDate.from(f.today).add({ days: d }));
  const inToday = (s: Slot) => s.ms >= f.todayStart && s.ms < f.todayEnd;
  const reachable = days.flatMap((d) => slotTimes(d, p.reachable).map((t) => slotOf(d, t, p.zone))).filter(inToday);
  if (reachable.length) return rng.pick(reachable);
  const office = days.flatMap((d) => SLOTS.map((t) => slotOf(d, t, p.zone))).filter(inToday);
  if (office.length) return rng.pick(office);
  return { date: f.today };
}

export function slotUpcoming(rng: Rng, p: Person, f: Frame, minDays: number, maxDays: number): Slot {
  return slotOnOrAfter(rng, p, Math.max(f.todayEnd, f.todayStart + rng.int(minDays, maxDays) * DAY));
}

export function slotOverdue(rng: Rng, p: Person, f: Frame): Slot {
  return slotOnOrBefore(rng, p, f.todayStart - rng.int(0, 4) * DAY - MINUTE);
}

/** `count` conversation slots, oldest first, ending with `last`, a few days to two weeks apart. */
export function chainEndingAt(rng: Rng, p: Person, f: Frame, last: Slot, count: number): Slot[] {
  const out = [last];
  while (out.length < count) {
    const first = out[0] as Slot;
    const prev = slotOnOrBefore(rng, p, first.ms - rng.int(3, 16) * DAY);
    if (prev.ms < f.earliest) break;
    out.unshift(prev);
  }
  return out;
}
