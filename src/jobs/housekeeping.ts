import { formatInstant } from '../core/time.js';
import type { ServiceDeps } from '../services/deps.js';
import { pruneAgendaChanges } from '../store/agendaChanges.js';
import { refreshStatistics } from '../store/maintenance.js';
import { pruneFinishedDeliveries } from '../store/webhookDeliveries.js';
import { pruneOldPushDeliveries } from '../store/pushDeliveries.js';
import type { JobLog } from './startWorker.js';
import { errorMessage, Repeating } from './repeating.js';

const EVERY_MS = 5 * 60_000;
/** A kept agenda is used within its minute; change rows older than this can mark nothing stale. */
const AGENDA_CHANGES_KEPT_MS = 10 * 60_000;
/** A webhook delivery's log entry (and its copy of the event) is kept this long after it was made. */
const WEBHOOK_DELIVERIES_KEPT_MS = 30 * 24 * 3_600_000;
/** A push reminder's delivery row is kept this long after the follow-up's due time. */
const PUSH_DELIVERIES_KEPT_MS = 30 * 24 * 3_600_000;

/** Upkeep no request should wait for: fresh planner statistics, and PostgreSQL's old agenda change rows. */
export class Housekeeping {
  private readonly loop: Repeating;

  constructor(deps: ServiceDeps, log?: JobLog) {
    this.loop = new Repeating(async () => {
      const { db, dialect } = deps.store;
      await refreshStatistics(db, dialect);
      const pruned = await pruneAgendaChanges(db, dialect, formatInstant(deps.clock() - AGENDA_CHANGES_KEPT_MS));
      if (pruned > 0) log?.('housekeeping.agenda-changes', { pruned });
      const deliveries = await pruneFinishedDeliveries(db, formatInstant(deps.clock() - WEBHOOK_DELIVERIES_KEPT_MS));
      if (deliveries > 0) log?.('housekeeping.webhook-deliveries', { pruned: deliveries });
      const pushes = await pruneOldPushDeliveries(db, formatInstant(deps.clock() - PUSH_DELIVERIES_KEPT_MS));
      if (pushes > 0) log?.('housekeeping.push-deliveries', { pruned: pushes });
      return EVERY_MS;
    }, (error, retryInMs) => log?.('housekeeping.failed', { error: errorMessage(error), retryInMs }), EVERY_MS);
  }

  start(): void { this.loop.start(); }
  stop(): Promise<void> { return this.loop.stop(); }
}
