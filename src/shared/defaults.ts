/**
 * Defaults that the server, the CLI and the web app must agree on, in one place: when a contact has
 * set no reachable hours, and how much mail a mailbox sends when no caps are set.
 */

/** When a contact has no reachable windows of their own: weekdays, 09:00–17:00 their time. */
export const DEFAULT_REACHABLE_WINDOWS: readonly { readonly days: readonly number[]; readonly from: string; readonly to: string }[] = Object.freeze([
  Object.freeze({ days: Object.freeze([1, 2, 3, 4, 5]), from: '09:00', to: '17:00' }),
]);

/** A new user's working hours, their time, until they set their own in Settings. */
export const DEFAULT_WORK_HOURS: Readonly<{ workFrom: string; workTo: string; workDays: readonly number[] }> =
  Object.freeze({ workFrom: '09:00', workTo: '17:00', workDays: Object.freeze([1, 2, 3, 4, 5]) });

/**
 * How long a call or meeting takes when nothing says otherwise: its calendar event, the time it keeps
 * free of bookings, and a booking link's default length.
 */
export const DEFAULT_FOLLOW_UP_MINUTES = 30;

/** A new user's calendar alarm and push reminder: this many minutes before a timed follow-up (0: none). */
export const DEFAULT_REMINDER_MINUTES = 10;
/** The longest reminder lead a user can set: a day. */
export const MAX_REMINDER_MINUTES = 1440;

/** The same default in words, for "None set: weekdays 09:00–17:00 are assumed." */
export const DEFAULT_REACHABLE_TEXT = 'weekdays 09:00–17:00';

/** A fresh, editable copy of the default windows (a form's starting value, a new contact's). */
export function defaultReachableWindows(): { days: number[]; from: string; to: string }[] {
  return DEFAULT_REACHABLE_WINDOWS.map((w) => ({ days: [...w.days], from: w.from, to: w.to }));
}

/**
 * Caps per mailbox on mail to contacts when none are set: a stored mailbox's defaults, and the
 * server's relay (SMTP_URL) unless SMTP_HOURLY_CAP / SMTP_DAILY_CAP say otherwise.
 */
export const DEFAULT_MAIL_CAPS: Readonly<{ hourlyCap: number; dailyCap: number }> = Object.freeze({ hourlyCap: 20, dailyCap: 200 });
