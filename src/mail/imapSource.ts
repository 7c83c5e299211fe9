import { ImapFlow } from 'imapflow';

export interface ImapSettings {
  /** What to dial: a checked address (services/outboundTargets) or, with private targets allowed, the host as configured. */
  host: string;
  /** The name TLS presents and verifies when `host` is the address it was resolved to. */
  servername?: string | undefined;
  port: number;
  /** TLS from the start (port 993); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  pass: string;
}

export interface FetchedMessage {
  uid: number;
  source: Buffer;
}

/** Enough of a message to parse its headers and the reply's words; attachments beyond it are never downloaded. */
const MAX_SOURCE_BYTES = 512 * 1024;

/**
 * One connection to one mailbox, opened read-only (EXAMINE) so reading replies never marks the
 * salesperson's mail as seen. Reports new mail (`onChange`) and a lost connection (`onClose`).
 */
export class ImapSource {
  private closed = false;

  private constructor(private readonly client: ImapFlow, readonly uidValidity: string) {}

  static async open(settings: ImapSettings, mailbox: string, handlers: { onChange(): void; onClose(): void; onError(error: Error): void }): Promise<ImapSource> {
    const client = new ImapFlow({
      host: settings.host, port: settings.port, secure: settings.secure, ...(settings.servername ? { servername: settings.servername } : {}),
      auth: { user: settings.user, pass: settings.pass },
      // imapflow's own logger would write protocol lines (and could write credentials): off.
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
    });
    client.on('error', (error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))));
    client.on('exists', () => handlers.onChange());
    client.on('close', () => handlers.onClose());
    try {
      await client.connect();
      const opened = await client.mailboxOpen(mailbox, { readOnly: true });
      return new ImapSource(client, String(opened.uidValidity));
    } catch (error) {
      client.close();
      throw error;
    }
  }

  get usable(): boolean {
    return !this.closed && this.client.usable;
  }

  get supportsIdle(): boolean {
    return this.client.capabilities.has('IDLE');
  }

  /** Messages with a UID above `afterUid`, oldest first. */
  async *messagesAfter(afterUid: number): AsyncGenerator<FetchedMessage> {
    // Without IDLE the server only tells us about new mail in answer to a command.
    await this.client.noop();
    const box = this.client.mailbox;
    // Only the message count is kept current by the server's EXISTS; UIDNEXT is as of when the mailbox was opened.
    if (!box || box.exists === 0) return;
    // "n:*" also returns the newest message when every UID is below n, hence the filter.
    for await (const message of this.client.fetch(`${afterUid + 1}:*`, { uid: true, source: { maxLength: MAX_SOURCE_BYTES } }, { uid: true })) {
      if (message.uid > afterUid && message.source) yield { uid: message.uid, source: message.source };
    }
  }

  /** Waits in IDLE until the server reports something or another command breaks it. */
  async idle(): Promise<void> {
    await this.client.idle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.race([this.client.logout(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } catch {
      // The connection is going away either way.
    } finally {
      this.client.close();
    }
  }
}
