import { ICalAlarmType, type ICalEvent } from 'ical-generator';
import type { FollowUp } from '../core/types.js';

/**
 * The reminder a calendar shows before a timed follow-up: a DISPLAY alarm `minutes` before its start
 * (the user's reminder lead). None for an all-day follow-up (it has no time to be early for) and none
 * when the lead is 0.
 */
export function addReminderAlarm(event: ICalEvent, followUp: Pick<FollowUp, 'allDay'>, minutes: number, description: string): void {
  if (followUp.allDay || minutes <= 0) return;
  event.createAlarm({ type: ICalAlarmType.display, trigger: minutes * 60, description });
}
