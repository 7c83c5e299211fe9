/**
 * Which open follow-up a touch logged now fulfils, when the person logging it did not say: the
 * contact's follow-up that is due by the end of today — promises before the rest, then the earliest.
 * The web app's log dialog and the CLI's `log` both ask this; API clients name `followUpId` themselves.
 */
export interface FulfillableFollowUp {
  contactId: string;
  status: string;
  dueAt: string;
  dueLocal: string;
  allDay: boolean;
  promised: boolean;
}

export interface LoggingDay {
  /** The user's today, YYYY-MM-DD, for all-day follow-ups (which are on time all that date). */
  today: string;
  /** The instant the user's today ends, in ms. */
  endOfTodayMs: number;
}

export function followUpFulfilledBy<T extends FulfillableFollowUp>(contactId: string, followUps: readonly T[], day: LoggingDay): T | null {
  const due = followUps.filter((f) => f.contactId === contactId && f.status === 'open'
    && (f.allDay ? f.dueLocal.slice(0, 10) <= day.today : Date.parse(f.dueAt) < day.endOfTodayMs));
  due.sort((a, b) => Number(b.promised) - Number(a.promised) || (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  return due[0] ?? null;
}
