import type { ServiceDeps } from '../services/deps.js';
import { refreshStaleSearchDocuments } from '../store/contactSearch.js';
import type { JobLog } from './startWorker.js';
import { errorMessage, Repeating } from './repeating.js';

/** How soon a logged touch's notes, a follow-up's agenda or an imported contact can be found by search. */
const EVERY_MS = 2_000;
const BATCH = 2_000;

/** Writes the search documents marked stale: new contacts from an import, changed agendas and touch notes (store/contactSearch.ts). */
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
