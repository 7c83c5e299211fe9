/** Why a step's due was moved, in words a salesperson reads on the item and in the enrollment's history. */

import { spokenInstant } from '../spokenTime.js';
import type { MoveReason, ScheduleMove, WorkspaceRules } from './types.js';

function reasonInWords(reason: MoveReason, rules: WorkspaceRules): string {
  switch (reason) {
    case 'frequency-cap': {
      const cap = rules.frequencyCap;
      if (!cap) return 'the frequency cap';
      const touches = `${cap.maxTouches} ${cap.maxTouches === 1 ? 'touch' : 'touches'}`;
      const period = cap.perDays === 7 ? 'a week' : cap.perDays === 1 ? 'a day' : `in ${cap.perDays} days`;
      return `at most ${touches} ${period} (frequency cap)`;
    }
    case 'reachable-hours':
      return 'outside the hours they can be reached';
    case 'quiet-hours':
      return rules.quietHours ? `inside quiet hours (${rules.quietHours.from}–${rules.quietHours.to})` : 'inside quiet hours';
    case 'business-days':
      return 'a wait in business days skips the weekend';
  }
}

/** "Moved to Mon 14 Dec, 10:00 their time: at most 3 touches a week (frequency cap)"; null when not moved. */
export function scheduleNote(moves: readonly ScheduleMove[], timeZone: string, rules: WorkspaceRules): string | null {
  const last = moves.at(-1);
  if (!last) return null;
  const reasons = [...new Set(moves.map((m) => m.reason))].map((r) => reasonInWords(r, rules));
  return `Moved to ${spokenInstant(last.toMs, timeZone)} their time: ${reasons.join('; ')}`;
}
