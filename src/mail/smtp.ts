import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { connectionFailureOf, connectionFailureWords, type ConnectionFailure } from './connectionFailure.js';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  /** An iCalendar attachment (invitations): sent as text/calendar with its METHOD. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string } | undefined;
  /** An HTML alternative to `text` (multipart/alternative). */
  html?: string | undefined;
}

/**
 * `failure`: the send never got as far as offering the message (connect, TLS, greeting, login), and
 * `error` is then our words for it, never the server's. `code`: the SMTP reply code, when there was one.
 */
export type SendOutcome =
  | { kind: 'sent'; response: string }
  | { kind: 'retry'; error: string; failure?: ConnectionFailure; code?: number }
  | { kind: 'rejected'; error: string; code?: number }
  | { kind: 'unknown'; error: string; code?: number };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

interface SmtpError {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** Commands that fail before the server could have accepted the message: always safe to retry. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH.*|MAIL FROM|RCPT TO|PROXY|GREETING)$/i;

/**
 * What an SMTP failure means for the outbox: no session (connect, TLS, greeting, login) is "try
 * later" in our own words; then 4xx is "try later", 5xx is a refusal of this recipient, and a
 * failure during or after DATA without an answer may have been delivered.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const code = typeof e.responseCode === 'number' ? { code: e.responseCode } : {};
  const failure = connectionFailureOf(error);
  // Nothing was offered yet, so nothing can have been delivered: always safe to retry.
  if (failure) return { kind: 'retry', error: connectionFailureWords(failure), failure, ...code };
  const message = (e.response ?? e.message ?? String(error)).slice(0, 500);
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500) return { kind: 'rejected', error: message, ...code };
    if (e.responseCode >= 400) return { kind: 'retry', error: message, ...code };
  }
  if (e.command && BEFORE_DATA.test(e.command)) return { kind: 'retry', error: message };
  if (e.code === 'ECONNECTION' || e.code === 'ECONNREFUSED' || e.code === 'EDNS') return { kind: 'retry', error: message };
  return { kind: 'unknown', error: message };
}

/** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS from the start). */
export function smtpOptionsFrom(url: string): SMTPTransport.Options {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got "${parsed.protocol}")`);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
  };
}

/** SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465. */
export function smtpMailer(url: string, options: { timeoutMs?: number; connections?: number } = {}): Mailer {
  return smtpTransportMailer(smtpOptionsFrom(url), options);
}

/** A mailbox's own server (settings stored per user or workspace). */
export function smtpTransportMailer(server: SMTPTransport.Options, options: { timeoutMs?: number; connections?: number } = {}): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  // Pooled: parallel sends reuse a few connections instead of a TCP and SMTP handshake each.
  const transport: Transporter = nodemailer.createTransport({
    ...server, pool: true, maxConnections: options.connections ?? 4, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, disableFileAccess: true, disableUrlAccess: true,
  });
  // An idle pooled connection the server drops is reported here; the next send simply reconnects.
  transport.on('error', () => undefined);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, headers: mail.headers,
          ...(mail.calendar ? { icalEvent: { method: mail.calendar.method, content: mail.calendar.content } } : {}),
          ...(mail.html ? { html: mail.html } : {}),
        });
        return { kind: 'sent', response: String(info.response ?? '') };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}
