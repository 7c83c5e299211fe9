/**
 * When an open follow-up is overdue: still open on a later day than it was due, counted in the
 * viewer's zone (an all-day one by its own date), as Today's agenda counts it. A step scheduled for
 * "now" a minute ago is due, not overdue.
 */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of an instant in a zone. */
function localDate(ms: number, zone: string): string {
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  return format.format(new Date(ms));
}

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
