/**
 * What went wrong on the way to a mail server, in a few categories worded by us. The server's own
 * words (its banner, its error lines) and the system's (`connect ECONNREFUSED 127.0.0.1:1`) are
 * never passed on: answered verbatim, "send test mail" would tell anyone what listens on any port
 * it can reach (issue 12 finding 1). Only what a mail server says about the message itself, once
 * it has taken us as far as MAIL FROM, is a mail server's and kept (see classifySmtpError).
 */
export type ConnectionFailure = 'connect' | 'tls' | 'protocol' | 'auth';

interface ErrorShape {
  code?: unknown;
  command?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
}

/** nodemailer's names for the steps before a message is offered (its CONN, GREETING, EHLO …). */
const SESSION_COMMANDS = /^(CONN|GREETING|PROXY|EHLO|HELO|LHLO)$/i;
const CONNECT_CODES = new Set(['ECONNECTION', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'ESOCKET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** Node's own wording for a TLS handshake or certificate that failed (not the server's). */
const TLS_WORDS = /\b(SSL|TLS)\b|certificate|self[- ]signed|CERT_|wrong version number|handshake/i;

function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? error as ErrorShape : {};
}

/**
 * The category of a failure before the server accepted us as a client (connecting, TLS, the
 * greeting, EHLO, logging in), or null when the failure is about the message (MAIL FROM, RCPT TO,
 * DATA) or is not a connection failure at all. Works on nodemailer's and imapflow's errors.
 */
export function connectionFailureOf(error: unknown): ConnectionFailure | null {
  const e = shapeOf(error);
  const code = typeof e.code === 'string' ? e.code : '';
  const command = typeof e.command === 'string' ? e.command : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'EAUTH' || /^AUTH/i.test(command) || e.authenticationFailed === true) return 'auth';
  if (code === 'ETLS' || /^STARTTLS$/i.test(command)) return 'tls';
  if (command !== '' && !SESSION_COMMANDS.test(command)) return null;
  if (TLS_WORDS.test(message) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT/.test(code)) return 'tls';
  if (code === 'EPROTOCOL' || /^(EHLO|HELO|LHLO)$/i.test(command) || /greeting/i.test(message)) return 'protocol';
  if (command !== '' || CONNECT_CODES.has(code)) return 'connect';
  return null;
}

const WORDS: Record<ConnectionFailure, string> = {
  connect: 'could not connect to the mail server: check the host and port, and that it accepts connections from this server',
  tls: 'the secure connection (TLS) to the mail server failed: check the security setting (tls for port 465 or 993, starttls for 587) and the server\'s certificate',
  protocol: 'the server at this host and port did not answer as a mail server: check the port',
  auth: 'the mail server refused the login: check the user and password',
};

/** The category in words a salesperson can act on; nothing in them came from the other side. */
export function connectionFailureWords(failure: ConnectionFailure): string {
  return WORDS[failure];
}
