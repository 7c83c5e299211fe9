/**
 * follow-up.late (issue 15 item 5): a promised follow-up whose time passed with no touch logged
 * against it is announced once, to the workspaces whose endpoints subscribed. The announcement is
 * remembered (late_announcements) in the transaction that emits it, so it happens once across
 * instances and restarts.
 */
import { wallTimeInWords } from '../core/slackMessage.js';
import { formatInstant, localDateTimeOf } from '../core/time.js';
import type { ServiceDeps } from './deps.js';
import { anyLateSubscriber, markAnnounced, unannouncedLatePromises, type LatePromise } from '../store/lateFollowUps.js';
import { emitWebhookEvent, type EventData } from './webhookEvents.js';

/** An all-day promise is late once its day is over everywhere, near enough: a day after its start. */
const ALL_DAY_MS = 24 * 3_600_000;

function lateEvent(late: LatePromise): EventData {
  const zone = late.userTimeZone ?? late.timeZone;
  const userWall = late.allDay ? late.dueLocal.slice(0, 10) : localDateTimeOf(Date.parse(late.dueAt), zone);
  return {
    followUp: {
      id: late.id, contactId: late.contactId, userId: late.userId, dueAt: late.dueAt, dueLocal: late.dueLocal, timeZone: late.timeZone,
      allDay: late.allDay, channel: late.channel, agenda: late.agenda,
    },
    contact: { id: late.contactId, name: late.contactName },
    dueInWords: late.allDay ? wallTimeInWords(userWall) : `${wallTimeInWords(userWall)} (${zone})`,
  };
}

/** One look: announces each late promise not yet announced; returns how many this call announced. */
export async function announceLatePromises(deps: ServiceDeps, limit = 100): Promise<number> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  let announced = 0;
  if (!(await anyLateSubscriber(deps.store.db))) return 0;
  for (const late of await unannouncedLatePromises(deps.store.db, nowIso, formatInstant(now - ALL_DAY_MS), limit)) {
    await deps.store.db.transaction().execute(async (trx) => {
      if (!(await markAnnounced(trx, late.id, late.workspaceId, nowIso))) return;
      await emitWebhookEvent(trx, late.workspaceId, 'follow-up.late', lateEvent(late), now);
      announced += 1;
    });
  }
  return announced;
}
