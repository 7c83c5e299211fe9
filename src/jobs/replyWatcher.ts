import type { ServiceDeps } from '../services/deps.js';
import { handleInboundMail, mailboxCursor, restartMailbox, type Handled } from '../services/replies.js';
import { ImapSource, type ImapSettings } from '../mail/imapSource.js';
import { parseInboundMail } from '../mail/inboundMail.js';
import { Wakeup } from '../mail/wakeup.js';
import { outboundTarget } from '../services/outboundTargets.js';

export interface ReplyWatcherOptions {
  deps: ServiceDeps;
  workspaceId: string;
  /** Whose replies these are: interactions are logged as this user (null: the workspace's first owner). */
  userId: string | null;
  /** Names the mailbox in the sync state; stable across restarts (e.g. "user@host"). */
  mailboxKey: string;
  imap: ImapSettings;
  /** Polling interval when IDLE is off or unsupported; with IDLE, how often IDLE is renewed. Default 60 s. */
  pollMs?: number;
  /** Use IDLE when the server offers it (default true); false polls every `pollMs`. */
  useIdle?: boolean;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface SyncReport {
  fetched: number;
  replies: number;
  autoReplies: number;
  /** Delivery reports about our mail: the send is bounced and the contact do-not-contact. */
  bounces: number;
  unmatched: number;
  duplicates: number;
}

const MAILBOX = 'INBOX';
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Watches one mailbox for replies to our mail: every new message (by UID) is parsed and handed
 * to the replies service, which logs it on the matching contact exactly once. IDLE tells us
 * about new mail at once; without it we poll. A lost connection is retried with backoff.
 */
export class ReplyWatcher {
  private readonly pollMs: number;
  private running: Promise<void> | null = null;
  private stopping = false;
  private source: ImapSource | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly news = new Wakeup();
  private halt = new Wakeup();

  constructor(private readonly options: ReplyWatcherOptions) {
    this.pollMs = Math.max(100, options.pollMs ?? 60_000);
  }

  /** Starts watching in the background until stop(). Calling it again while running does nothing. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.halt = new Wakeup();
    this.running = this.watch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.halt.signal();
    this.news.signal();
    await this.source?.close();
    await this.running;
    this.running = null;
  }

  /** One pass over the mailbox: on the watching connection if there is one, else on a connection of its own. */
  async syncOnce(): Promise<SyncReport> {
    const live = this.source?.usable ? this.source : null;
    if (live) {
      const report = await this.exclusive(() => this.syncFrom(live));
      // The pass broke IDLE: let the watch loop start it again.
      this.news.signal();
      return report;
    }
    const source = await this.connect();
    try {
      return await this.exclusive(() => this.syncFrom(source));
    } finally {
      await source.close();
    }
  }

  private async watch(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let source: ImapSource | null = null;
      try {
        source = await this.connect();
        this.source = source;
        failures = 0;
        const idle = (this.options.useIdle ?? true) && source.supportsIdle;
        this.log('replies.connected', { mailboxKey: this.options.mailboxKey, idle });
        while (!this.stopping && source.usable) {
          this.news.clear();
          const current = source;
          await this.exclusive(() => this.syncFrom(current));
          if (this.stopping || !source.usable) break;
          // The next command (the next pass's NOOP) breaks IDLE; its promise only settles then.
          if (idle) source.idle().catch(() => undefined);
          await this.news.wait(this.pollMs);
        }
      } catch (error) {
        failures += 1;
        if (!this.stopping) this.log('replies.error', { mailboxKey: this.options.mailboxKey, error: this.describe(error), failures });
      } finally {
        if (this.source === source) this.source = null;
        await source?.close();
      }
      if (!this.stopping) await this.halt.wait(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures));
    }
  }

  /** Every connection checks the host again and dials the address it checked (DNS rebinding); a refusal is retried with backoff, and logged in words. */
  private async connect(): Promise<ImapSource> {
    const target = await outboundTarget(this.options.deps, this.options.imap.host);
    return ImapSource.open({ ...this.options.imap, ...target }, MAILBOX, {
      onChange: () => this.news.signal(),
      onClose: () => this.news.signal(),
      onError: (error) => {
        if (!this.stopping) this.log('replies.connection-error', { mailboxKey: this.options.mailboxKey, error: this.describe(error) });
      },
    });
  }

  /** Passes never overlap: the watch loop and syncOnce() share one cursor. */
  private exclusive<T>(pass: () => Promise<T>): Promise<T> {
    const next = this.serial.then(pass, pass);
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async syncFrom(source: ImapSource): Promise<SyncReport> {
    const { deps, workspaceId, userId, mailboxKey } = this.options;
    const report: SyncReport = { fetched: 0, replies: 0, autoReplies: 0, bounces: 0, unmatched: 0, duplicates: 0 };
    const cursor = await mailboxCursor(deps, workspaceId, mailboxKey);
    let afterUid = cursor?.lastUid ?? 0;
    if (cursor?.uidValidity !== source.uidValidity) {
      // New UIDVALIDITY: every UID changed meaning. Read it all again; handled messages are recognised by key.
      if (cursor) this.log('replies.resync', { mailboxKey, previousUidValidity: cursor.uidValidity, uidValidity: source.uidValidity });
      await restartMailbox(deps, workspaceId, mailboxKey, source.uidValidity);
      afterUid = 0;
    }
    for await (const message of source.messagesAfter(afterUid)) {
      report.fetched += 1;
      const mail = await parseInboundMail(message.source);
      const handled = await handleInboundMail(deps, { workspaceId, userId, mailboxKey, uidValidity: source.uidValidity, uid: message.uid }, mail);
      count(report, handled);
      if (handled.as !== 'duplicate') this.log('replies.message', { mailboxKey, uid: message.uid, handledAs: handled.as, ...(handled.reason ? { reason: handled.reason } : {}) });
    }
    if (report.fetched > 0) this.log('replies.synced', { mailboxKey, ...report });
    return report;
  }

  private describe(error: unknown): string {
    if (!(error instanceof Error)) return String(error);
    const extra = error as Error & { code?: unknown; responseText?: unknown };
    const parts = [error.message];
    if (typeof extra.responseText === 'string' && extra.responseText !== error.message) parts.push(extra.responseText);
    if (typeof extra.code === 'string') parts.push(`(${extra.code})`);
    return parts.join(' ');
  }

  /** Every log line passes here: the password never leaves, whatever a server echoed back. */
  private log(event: string, detail: Record<string, unknown>): void {
    const sink = this.options.log;
    if (!sink) return;
    const pass = this.options.imap.pass;
    const clean = (value: unknown): unknown => (typeof value === 'string' && pass ? value.split(pass).join('[redacted]') : value);
    sink(event, Object.fromEntries(Object.entries(detail).map(([key, value]) => [key, clean(value)])));
  }
}

function count(report: SyncReport, handled: Handled): void {
  if (handled.as === 'reply') report.replies += 1;
  else if (handled.as === 'auto-reply') report.autoReplies += 1;
  else if (handled.as === 'bounce') report.bounces += 1;
  else if (handled.as === 'duplicate') report.duplicates += 1;
  else report.unmatched += 1;
}
