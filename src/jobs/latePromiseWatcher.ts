import type { ServiceDeps } from '../services/deps.js';
import { announceLatePromises } from '../services/latePromises.js';
import { errorMessage, Repeating } from './repeating.js';

/** Looks for promises that became late every minute and announces each once (follow-up.late); safe on several instances. */
export class LatePromiseWatcher {
  private readonly loop: Repeating;

  constructor(private readonly deps: ServiceDeps, log?: (event: string, detail: Record<string, unknown>) => void, intervalMs = 60_000) {
    this.loop = new Repeating(async () => {
      const count = await this.runOnce();
      if (count > 0) log?.('webhooks.late-announced', { count });
      return intervalMs;
    }, (error) => log?.('webhooks.late-error', { error: errorMessage(error) }), intervalMs);
  }

  runOnce(): Promise<number> {
    return announceLatePromises(this.deps);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
