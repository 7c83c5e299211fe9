import type { ServiceDeps } from '../services/deps.js';
import { enqueueDueDigests } from '../services/digest.js';

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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly intervalMs: number;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /** One look at every user; returns how many digests were queued. */
  async runOnce(): Promise<number> {
    const queued = await enqueueDueDigests(this.options.deps);
    if (queued > 0) this.options.log?.('digest.queued', { count: queued });
    return queued;
  }

  /** Looks now and then every interval until stop(); a failing round is logged and the next one tries again. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async (): Promise<void> => {
      try {
        await this.runOnce();
      } catch (error) {
        const causes = error instanceof AggregateError ? { causes: error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))) } : {};
        this.options.log?.('digest.error', { error: error instanceof Error ? error.message : String(error), ...causes });
      }
      if (!this.stopped) this.timer = setTimeout(() => { this.running = tick(); }, this.intervalMs);
    };
    this.running = tick();
  }

  /** Stops looking and waits for a round in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
