import type { ServiceDeps } from '../services/deps.js';
import { enqueueDueSummaries } from '../services/teamSummary.js';
import { errorMessage, Repeating } from './repeating.js';

export interface TeamSummarySchedulerOptions {
  deps: ServiceDeps;
  /** How often to look; a summary goes out within this long of Monday 08:00 in the manager's zone. */
  intervalMs?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * Queues the weekly team summary to owners and admins; the outbox worker sends it. Any number of
 * instances may run: the team_summaries key lets only one queue each manager's week.
 */
export class TeamSummaryScheduler {
  private readonly loop: Repeating;

  constructor(private readonly options: TeamSummarySchedulerOptions) {
    const intervalMs = options.intervalMs ?? 60_000;
    this.loop = new Repeating(async () => {
      await this.runOnce();
      return intervalMs;
    }, (error) => {
      const causes = error instanceof AggregateError ? { causes: error.errors.map(errorMessage) } : {};
      options.log?.('team-summary.error', { error: errorMessage(error), ...causes });
    }, intervalMs);
  }

  async runOnce(): Promise<number> {
    const queued = await enqueueDueSummaries(this.options.deps);
    if (queued > 0) this.options.log?.('team-summary.queued', { count: queued });
    return queued;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
