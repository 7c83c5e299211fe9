/**
 * A background round run again and again until stopped: the next round starts `delay` after the
 * last one ends (never overlapping), a failed round is reported and the next one tries again, and
 * stop() waits for a round in progress.
 */
export class Repeating {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  /** `round` resolves to how long to wait before the next one. */
  constructor(private readonly round: () => Promise<number>, private readonly onError: (error: unknown, retryInMs: number) => void, private readonly retryMs: number) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async (): Promise<void> => {
      let delay = this.retryMs;
      try {
        delay = await this.round();
      } catch (error) {
        this.onError(error, delay);
      }
      if (!this.stopped) this.timer = setTimeout(() => { this.running = tick(); }, delay);
    };
    this.running = tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
