import { BOOKING_LINK_MARKER, UNSUBSCRIBE_LINK_MARKER } from '../core/playbooks/template.js';
import type { Mailer, OutgoingMail } from '../mail/smtp.js';
import { displayFrom, systemSender } from '../mail/senders.js';
import { unsubscribeHeaders, unsubscribeUrl } from '../mail/unsubscribe.js';
import * as accounts from '../store/accounts.js';
import { isSystemMail, type OutboxMessage } from '../store/outbox.js';
import type { ServiceDeps } from '../services/deps.js';
import { bookingUrl } from '../services/bookingLinkIssue.js';
import { claimDue, recordBounce, recordRetry, recordSent, recordUnknown, releaseUnsent, type Recorded } from '../services/outbox.js';
import { MailboxPool, type Mailbox } from './mailboxes.js';
import { errorMessage, Repeating } from './repeating.js';

export interface WorkerOptions {
  deps: ServiceDeps;
  /** The server's own SMTP (SMTP_URL), for mail with no mailbox of its own; stored mailboxes come from the database. */
  mailer?: Mailer | undefined;
  /** Fixed sender for the server's SMTP (SMTP_FROM); otherwise the salesperson the row belongs to. */
  from?: string | undefined;
  /** Caps per sender through the server's SMTP (SMTP_HOURLY_CAP, SMTP_DAILY_CAP). */
  serverCaps?: { hourlyCap: number; dailyCap: number } | undefined;
  /** How long a claimed row stays ours; a send must finish well inside it. */
  leaseMs?: number;
  /**
   * Rows claimed per transaction and sent in parallel. A crash turns every claimed row `unknown`,
   * so only as many are claimed as are sent at once: a crashed worker leaves at most this many in doubt.
   */
  batchSize?: number;
  pollMs?: number;
  maxLatenessMs?: number;
  maxAttempts?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface SentReport {
  claimed: number;
  sent: number;
  retried: number;
  bounced: number;
  unknown: number;
  stale: number;
}

/**
 * Claims due outbox rows, sends each once, and records what happened fenced by the attempt number.
 * Several workers (processes or instances) may run against one database.
 */
export class OutboxWorker {
  readonly leaseMs: number;
  private readonly mailboxes: MailboxPool;
  private readonly loop: Repeating;

  constructor(private readonly options: WorkerOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.mailboxes = new MailboxPool(options.deps, options.mailer ? { mailer: options.mailer, from: options.from } : null);
    const pollMs = options.pollMs ?? 1000;
    this.loop = new Repeating(
      async () => ((await this.runOnce()).claimed > 0 ? 0 : pollMs),
      (error) => options.log?.('outbox.error', { error: errorMessage(error) }),
      pollMs,
    );
  }

  /** One claim and the sends it produced. */
  async runOnce(): Promise<SentReport> {
    const o = this.options;
    const report: SentReport = { claimed: 0, sent: 0, retried: 0, bounced: 0, unknown: 0, stale: 0 };
    const claimed = await claimDue(o.deps, {
      limit: o.batchSize ?? 4, leaseMs: this.leaseMs, maxLatenessMs: o.maxLatenessMs ?? 24 * 3_600_000, serverMailbox: this.mailboxes.hasServerMailbox,
      ...(o.serverCaps ? { serverCaps: o.serverCaps } : {}),
    });
    report.claimed = claimed.length;
    // The rows of one claim mostly share a mailbox: read its settings once, and open one connection
    // pool for it even though the sends run in parallel.
    const lookups = new Map<string, Promise<Mailbox | null>>();
    const mailboxOf = (key: string): Promise<Mailbox | null> => {
      let lookup = lookups.get(key);
      if (!lookup) {
        lookup = this.mailboxes.get(key);
        lookups.set(key, lookup);
      }
      return lookup;
    };
    await Promise.all(claimed.map(async (message) => {
      // A lease about to run out could be declared `unknown` mid-send: give the row back unsent instead.
      if (o.deps.clock() > Date.parse(message.leaseUntil ?? '') - this.leaseMs / 3) {
        await releaseUnsent(o.deps, message);
        return;
      }
      let mailbox: Mailbox | null;
      try {
        mailbox = await mailboxOf(message.mailbox ?? 'server');
      } catch (error) {
        // e.g. a stored password that SECRETS_KEY no longer opens: back off like a 4xx, then fail visibly.
        await recordRetry(o.deps, message, `mailbox unusable: ${errorMessage(error)}`, o.maxAttempts);
        return;
      }
      if (!mailbox) {
        await releaseUnsent(o.deps, message);
        return;
      }
      const outcome = await mailbox.mailer.send(await this.mailFor(message, mailbox.from));
      let recorded: Recorded;
      if (outcome.kind === 'sent') {
        recorded = await recordSent(o.deps, message);
        if (recorded === 'recorded') report.sent += 1;
      } else if (outcome.kind === 'retry') {
        recorded = await recordRetry(o.deps, message, outcome.error, o.maxAttempts);
        if (recorded === 'recorded') report.retried += 1;
      } else if (outcome.kind === 'rejected') {
        recorded = await recordBounce(o.deps, message, outcome.error);
        if (recorded === 'recorded') report.bounced += 1;
      } else {
        recorded = await recordUnknown(o.deps, message, outcome.error);
        if (recorded === 'recorded') report.unknown += 1;
      }
      if (recorded === 'stale') report.stale += 1;
      o.log?.('outbox.send', { id: message.id, attempt: message.attempt, outcome: outcome.kind, recorded });
    }));
    return report;
  }

  async mailFor(message: OutboxMessage, sender?: string): Promise<OutgoingMail> {
    const o = this.options;
    let from = sender;
    if (!from && isSystemMail(message.kind)) {
      from = systemSender(o.deps.baseUrl);
    } else if (!from) {
      const user = message.userId ? await accounts.findUserById(o.deps.store.db, message.userId) : null;
      from = user ? displayFrom(user.name, user.email) : systemSender(o.deps.baseUrl);
    }
    const headers: Record<string, string> = { ...message.headers };
    let text = message.text;
    if (message.unsubscribeToken) {
      Object.assign(headers, unsubscribeHeaders(o.deps.baseUrl, message.unsubscribeToken));
      text = text.replaceAll(UNSUBSCRIBE_LINK_MARKER, unsubscribeUrl(o.deps.baseUrl, message.unsubscribeToken));
    }
    if (message.bookingToken) text = text.replaceAll(BOOKING_LINK_MARKER, bookingUrl(o.deps.baseUrl, message.bookingToken));
    const method = message.calendar ? /^METHOD:(REQUEST|CANCEL)\r?$/m.exec(message.calendar)?.[1] : undefined;
    const calendar = message.calendar && (method === 'REQUEST' || method === 'CANCEL') ? { method, content: message.calendar } as const : undefined;
    return { from, to: message.to, subject: message.subject, text, messageId: message.messageId, headers, calendar, html: message.html ?? undefined };
  }

  /** Polls until stop(); while there is work, the next round starts at once. */
  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.mailboxes.close();
  }
}
