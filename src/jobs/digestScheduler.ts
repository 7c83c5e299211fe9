import type { ServiceDeps } from '../services/deps.js';
import { enqueueDueDigests } from '../services/digest.js';
import { errorMessage, Repeating } from './repeating.js';

export interface DigestSchedulerOptions {
  deps: ServiceDeps;
  /** How often to look; a digest goes out within this long of the working day's start. */
  intervalMs?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * Queues morning digests as users' working days start; the outbox worker sends them. Any number of
 * instances may run: the digests table's key lets only one queue each user's day.
 */
export class DigestScheduler {
  private readonly loop: Repeating;

  constructor(private readonly options: DigestSchedulerOptions) {
    const intervalMs = options.intervalMs ?? 60_000;
    this.loop = new Repeating(async () => {
      await this.runOnce();
      return intervalMs;
    }, (error) => {
      const causes = error instanceof AggregateError ? { causes: error.errors.map(errorMessage) } : {};
      options.log?.('digest.error', { error: errorMessage(error), ...causes });
    }, intervalMs);
  }

  /** One look at every user; returns how many digests were queued. */
  async runOnce(): Promise<number> {
    const queued = await enqueueDueDigests(this.options.deps);
    if (queued > 0) this.options.log?.('digest.queued', { count: queued });
    return queued;
  }

  /** Looks now and then every interval until stop(); a failing round is logged and the next one tries again. */
  start(): void {
    this.loop.start();
  }

  /** Stops looking and waits for a round in progress to finish. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
