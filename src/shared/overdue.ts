/**
 * When an open follow-up is overdue: still open on a later day than it was due, counted in the
 * viewer's zone (an all-day one by its own date), as Today's agenda counts it. A step scheduled for
 * "now" a minute ago is due, not overdue.
 */
import { wallDateTimeOf } from './zonedTime.js';

/** YYYY-MM-DD of an instant in a zone. */
const localDate = (ms: number, zone: string): string => wallDateTimeOf(ms, zone).slice(0, 10);

export interface OverdueCandidate {
  status: string;
  dueAt: string;
  dueLocal: string;
  allDay: boolean;
}

export function isOverdue(followUp: OverdueCandidate, nowMs: number, viewerZone: string): boolean {
  if (followUp.status !== 'open') return false;
  const today = localDate(nowMs, viewerZone);
  const dueDate = followUp.allDay ? followUp.dueLocal.slice(0, 10) : localDate(Date.parse(followUp.dueAt), viewerZone);
  return dueDate < today;
}
