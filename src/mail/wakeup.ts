/**
 * A wait that ends after a time or as soon as someone signals. A signal while nobody waits is
 * kept, so news that arrives between two waits (new mail during a sync) is never lost.
 */
export class Wakeup {
  private pending = false;
  private wakeWaiter: (() => void) | null = null;

  signal(): void {
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    if (waiter) waiter();
    else this.pending = true;
  }

  /** Forget earlier signals: what they announced is about to be looked at anyway. */
  clear(): void {
    this.pending = false;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeWaiter = null;
        resolve();
      }, ms);
      this.wakeWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
