import { Wakeup } from '../mail/wakeup.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  claimImport, failAbandonedImportUploads, interruptAbandonedImports, onImportQueued, registerImportWorker, runClaimedImport,
} from '../services/importQueue.js';
import type { ImportRecord } from '../store/imports.js';
import { errorMessage } from './repeating.js';

export interface ImportWorkerOptions {
  deps: ServiceDeps;
  /** How long a claim holds without news; the worker renews it every third of that while it runs. */
  leaseMs?: number;
  /** How often to look for queued imports when nothing wakes the worker (imports queued by another instance). */
  pollMs?: number;
  batchSize?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Claims queued imports, one at a time, and runs each to its end. An import queued in this process
 * wakes it at once; one queued elsewhere is found by polling. Several workers (processes or
 * instances) may run against one database: claims and attempt numbers keep each import on one.
 */
export class ImportWorker {
  readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly wakeup = new Wakeup();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private unregister: (() => void) | null = null;
  private lastSweep = 0;

  constructor(private readonly options: ImportWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 1000;
  }

  /** One claim and the run it led to: the import finished, or null (nothing queued, or the run stopped without finishing). */
  async runOnce(): Promise<{ claimed: boolean; finished: ImportRecord | null }> {
    const { deps } = this.options;
    // The first poll after start, then every minute: uploads that broke off, and imports whose runner died.
    if (deps.clock() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = deps.clock();
      await failAbandonedImportUploads(deps);
      const interrupted = await interruptAbandonedImports(deps);
      if (interrupted > 0) this.options.log?.('import.interrupted', { count: interrupted });
    }
    const claimed = await claimImport(deps, { leaseMs: this.leaseMs });
    if (!claimed) return { claimed: false, finished: null };
    this.options.log?.('import.claimed', { id: claimed.id, attempt: claimed.attempt, resumeAt: claimed.byteOffset });
    const finished = await runClaimedImport(deps, claimed, {
      leaseMs: this.leaseMs, batchSize: this.options.batchSize, signal: this.stopping.signal,
      onProgress: (r) => this.options.log?.('import.batch', { id: r.id, attempt: r.attempt, processed: r.processed, byteOffset: r.byteOffset }),
    });
    this.options.log?.('import.ran', { id: claimed.id, attempt: claimed.attempt, state: finished?.state ?? 'stopped' });
    return { claimed: true, finished };
  }

  /** Runs until stop(): while imports are queued, one after the other; then waits for news or the next poll. */
  start(): void {
    if (this.loop) return;
    this.unregister = registerImportWorker();
    this.unsubscribe = onImportQueued(() => this.wakeup.signal());
    this.loop = (async () => {
      while (!this.stopping.signal.aborted) {
        let claimed = false;
        try {
          ({ claimed } = await this.runOnce());
        } catch (error) {
          this.options.log?.('import.error', { error: errorMessage(error) });
        }
        if (!claimed && !this.stopping.signal.aborted) await this.wakeup.wait(this.pollMs);
      }
    })();
  }

  /** Stops between batches: an import in progress is handed back, queued, for the next worker. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeup.signal();
    this.unsubscribe?.();
    this.unregister?.();
    await this.loop;
  }
}

/** The import worker as `serve` and `followthrough worker` run it, started. */
export function startImportWorker(deps: ServiceDeps, options: Omit<ImportWorkerOptions, 'deps'> = {}): ImportWorker {
  const worker = new ImportWorker({ deps, ...options });
  worker.start();
  return worker;
}
