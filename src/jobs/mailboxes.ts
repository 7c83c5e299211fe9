import { smtpTransportMailer, type Mailer } from '../mail/smtp.js';
import type { ServiceDeps } from '../services/deps.js';
import { fromHeader, smtpTransportOptions } from '../services/mailSettings.js';
import { findMailSettingsById } from '../store/mailSettings.js';

export interface Mailbox {
  mailer: Mailer;
  /** The From header; undefined means "the row's salesperson". */
  from: string | undefined;
}

/**
 * The SMTP connections of every mailbox the worker sends through, opened on first use and reopened
 * when their settings change. The server's own SMTP (SMTP_URL) is the `server` mailbox.
 */
/**
 * How long a mailbox's connections keep the address its host was checked at (services/outboundTargets);
 * then the name is resolved and checked again, so a server that moves is followed and a name that
 * turns private is caught.
 */
const RECHECK_MS = 10 * 60_000;

export class MailboxPool {
  private readonly open = new Map<string, { version: string; checkedAt: number; mailer: Mailer; from: string }>();

  constructor(private readonly deps: ServiceDeps, private readonly server: Mailbox | null) {}

  get hasServerMailbox(): boolean {
    return this.server !== null;
  }

  /** null when the mailbox no longer exists (its settings were removed after the claim). */
  async get(key: string): Promise<Mailbox | null> {
    if (key === 'server' || key.startsWith('server:')) return this.server;
    const id = key.startsWith('settings:') ? key.slice('settings:'.length) : null;
    const settings = id ? await findMailSettingsById(this.deps.store.db, id) : null;
    if (!settings) return null;
    const now = this.deps.clock();
    const cached = this.open.get(settings.id);
    if (cached?.version === settings.updatedAt && now - cached.checkedAt < RECHECK_MS) return cached;
    this.open.delete(settings.id);
    cached?.mailer.close();
    // Throws OutboundRefused for a host on a private address: the caller records the row for a retry, in those words.
    const options = await smtpTransportOptions(this.deps, settings);
    const opened = { version: settings.updatedAt, checkedAt: now, mailer: smtpTransportMailer(options, { connections: 2 }), from: fromHeader(settings) };
    this.open.set(settings.id, opened);
    return opened;
  }

  close(): void {
    for (const { mailer } of this.open.values()) mailer.close();
    this.open.clear();
    this.server?.mailer.close();
  }
}
