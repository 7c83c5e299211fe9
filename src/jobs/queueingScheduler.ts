import type { ServiceDeps } from '../services/deps.js';
import { errorMessage, Repeating } from './repeating.js';

export interface QueueingSchedulerOptions {
  deps: ServiceDeps;
  /** How often to look; a message goes out within this long of its local time. */
  intervalMs?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * Looks every minute for messages whose local time has come (a morning digest, a weekly team
 * summary) and queues them; the outbox worker sends them. Any number of instances may run: the
 * service's unique key lets only one queue each message.
 */
export class QueueingScheduler {
  private readonly loop: Repeating;

  constructor(private readonly name: string, private readonly enqueueDue: (deps: ServiceDeps) => Promise<number>, private readonly options: QueueingSchedulerOptions) {
    const intervalMs = options.intervalMs ?? 60_000;
    this.loop = new Repeating(async () => {
      await this.runOnce();
      return intervalMs;
    }, (error) => {
      const causes = error instanceof AggregateError ? { causes: error.errors.map(errorMessage) } : {};
      options.log?.(`${name}.error`, { error: errorMessage(error), ...causes });
    }, intervalMs);
  }

  /** One look at everyone; returns how many messages were queued. */
  async runOnce(): Promise<number> {
    const queued = await this.enqueueDue(this.options.deps);
    if (queued > 0) this.options.log?.(`${this.name}.queued`, { count: queued });
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
