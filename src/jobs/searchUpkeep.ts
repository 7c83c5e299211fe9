import type { ServiceDeps } from '../services/deps.js';
import { refreshStaleSearchDocuments } from '../store/contactSearch.js';
import type { JobLog } from './startWorker.js';
import { errorMessage, Repeating } from './repeating.js';

/** How soon a logged touch's notes or a follow-up's agenda can be found by search. */
const EVERY_MS = 2_000;
const BATCH = 500;

/** Keeps search documents' agendas in step with follow-ups and touches (store/contactSearch.ts). */
export class SearchUpkeep {
  private readonly loop: Repeating;

  constructor(deps: ServiceDeps, log?: JobLog) {
    this.loop = new Repeating(async () => {
      const taken = await refreshStaleSearchDocuments(deps.store.db, BATCH);
      // A full batch means more are waiting (an import): go on at once.
      return taken >= BATCH ? 0 : EVERY_MS;
    }, (error, retryInMs) => log?.('search-upkeep.failed', { error: errorMessage(error), retryInMs }), EVERY_MS);
  }

  start(): void { this.loop.start(); }
  stop(): Promise<void> { return this.loop.stop(); }
}
