import { ReplyWatcher } from './replyWatcher.js';
import type { ServiceDeps } from '../services/deps.js';
import { imapCredentials } from '../services/mailSettings.js';
import { errorMessage, Repeating } from './repeating.js';
import { listImapMailboxes, WORKSPACE_SCOPE, type StoredMailSettings } from '../store/mailSettings.js';

export interface ReplyWatchersOptions {
  deps: ServiceDeps;
  /** How often the list of mailboxes with IMAP is read again (settings added, changed or removed). */
  refreshMs?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/** One reply watcher per mailbox that has IMAP set up, kept in step with the stored settings. */
export class ReplyWatchers {
  private readonly running = new Map<string, { version: string; watcher: ReplyWatcher }>();
  private stopped = true;
  private readonly loop: Repeating;

  constructor(private readonly options: ReplyWatchersOptions) {
    const refreshMs = options.refreshMs ?? 60_000;
    this.loop = new Repeating(async () => {
      await this.refresh();
      return refreshMs;
    }, (error) => options.log?.('replies.error', { error: errorMessage(error) }), refreshMs);
  }

  /** Starts watchers for new mailboxes, restarts changed ones, stops removed ones. */
  async refresh(): Promise<void> {
    const { deps, log } = this.options;
    const mailboxes = await listImapMailboxes(deps.store.db);
    const wanted = new Map(mailboxes.map((m) => [m.id, m]));
    for (const [id, entry] of this.running) {
      if (wanted.get(id)?.updatedAt !== entry.version) {
        this.running.delete(id);
        await entry.watcher.stop();
      }
    }
    for (const settings of mailboxes) {
      if (this.running.has(settings.id) || this.stopped) continue;
      const watcher = this.watcherFor(settings);
      if (!watcher) continue;
      this.running.set(settings.id, { version: settings.updatedAt, watcher });
      watcher.start();
      log?.('replies.watching', { mailbox: settings.id, host: settings.imap?.host });
    }
  }

  private watcherFor(settings: StoredMailSettings): ReplyWatcher | null {
    const { deps, log } = this.options;
    let imap;
    try {
      imap = imapCredentials(deps, settings);
    } catch (error) {
      log?.('replies.error', { mailbox: settings.id, error: errorMessage(error) });
      return null;
    }
    if (!imap) return null;
    return new ReplyWatcher({
      deps, imap, log, workspaceId: settings.workspaceId, userId: settings.scope === WORKSPACE_SCOPE ? null : settings.scope,
      // A new server or login is a different mailbox: its UIDs say nothing about the old one's.
      mailboxKey: `${settings.id}:${imap.user}@${imap.host}`,
    });
  }

  start(): void {
    this.stopped = false;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((entry) => entry.watcher.stop()));
  }
}
