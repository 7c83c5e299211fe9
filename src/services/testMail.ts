/**
 * "Send test mail": one message straight through a mailbox, so a wrong port or password shows up
 * now and not at tomorrow's first step. It is the one send from inside a request, so it keeps the
 * rules the outbox keeps (issue 12 findings 1 and 2): the workspace mailbox and the server's relay
 * are an owner's or admin's to test; it goes only to the caller's own address; it counts against
 * the mailbox's caps (recorded as an outbox row of kind `test`); and a failure is told in our
 * words, never the other side's.
 */
import type { MailCaps } from '../core/outboxRules.js';
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { connectionFailureWords } from '../mail/connectionFailure.js';
import { newMessageId } from '../mail/messageId.js';
import { systemSender } from '../mail/senders.js';
import { smtpMailer, smtpTransportMailer, type Mailer, type SendOutcome } from '../mail/smtp.js';
import { DEFAULT_MAIL_CAPS } from '../shared/defaults.js';
import { lockWorkspace } from '../store/accounts.js';
import { newId } from '../store/ids.js';
import { findMailSettings } from '../store/mailSettings.js';
import * as outbox from '../store/outbox.js';
import type { Actor, ServiceDeps } from './deps.js';
import { fromHeader, scopeKey, smtpTransportOptions, type MailScope } from './mailSettings.js';
import { OutboundRefused } from './outboundTargets.js';
import { capacityWait } from './outbox.js';

export type TestMailScope = MailScope | 'server';

/** The server's own relay (SMTP_URL) and its caps per sender (SMTP_HOURLY_CAP, SMTP_DAILY_CAP). */
export interface ServerSmtp {
  url: string | undefined;
  caps?: MailCaps | undefined;
}

export interface TestMailResult {
  sent: true;
  to: string;
  response: string;
  via: TestMailScope;
}

/** Longer than a send can take (15 s each to connect, be greeted and be answered), so the lease never runs out mid-send. */
const TEST_LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 15_000;

interface Route {
  mailer: Mailer;
  from: string;
  /** The outbox's name for the mailbox (`settings:<id>`, `server:<user>`; see services/outbox routeOf), whose caps count it. */
  key: string;
  caps: MailCaps;
}

function refusedToMember(actor: Actor, scope: TestMailScope): void {
  if (scope === 'me' || actor.role !== 'member') return;
  const through = scope === 'server' ? 'the server\'s own mail relay (SMTP_URL)' : 'the workspace mailbox';
  throw new AppError('forbidden', `only an owner or admin can send test mail through ${through}; you can test your own mailbox (Settings → Mail → your mailbox)`);
}

async function routeFor(deps: ServiceDeps, actor: Actor, scope: TestMailScope, server: ServerSmtp): Promise<Route> {
  const options = { timeoutMs: TIMEOUT_MS, connections: 1 };
  if (scope === 'server') {
    if (!server.url) throw AppError.notFound('server SMTP (SMTP_URL)');
    // Operator-configured, so not held to the private-address rule; counted as the outbox counts this user's mail through it.
    return { mailer: smtpMailer(server.url, options), from: systemSender(deps.baseUrl), key: `server:${actor.user.id}`, caps: server.caps ?? DEFAULT_MAIL_CAPS };
  }
  const settings = await findMailSettings(deps.store.db, actor.workspace.id, scopeKey(actor, scope));
  if (!settings) throw AppError.notFound(`${scope === 'me' ? 'your' : 'the workspace'} mail settings`);
  let transport;
  try {
    transport = await smtpTransportOptions(deps, settings);
  } catch (error) {
    if (error instanceof OutboundRefused) throw new AppError('mail-failed', `the test mail was not sent: ${error.message}`, [{ path: 'smtp.host', message: error.message }]);
    throw error;
  }
  return {
    mailer: smtpTransportMailer(transport, options), from: fromHeader(settings), key: `settings:${settings.id}`,
    caps: { hourlyCap: settings.hourlyCap, dailyCap: settings.dailyCap },
  };
}

/**
 * Counts the send before it is made: under the workspace's lock, the mailbox's room is read as the
 * outbox's claim reads it (services/outbox capacityWait) and, with room left, a `sending` row is
 * written for this one. Full: 429, saying when there is room again.
 */
async function reserve(deps: ServiceDeps, actor: Actor, route: Route, mail: { to: string; subject: string; text: string; messageId: string }): Promise<string> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, deps.store.dialect, actor.workspace.id);
    const wait = await capacityWait(trx, { key: route.key, caps: route.caps }, now);
    if (wait) {
      throw new AppError('rate-limited', `the test mail was not sent: this mailbox has sent as many as its caps allow (${route.caps.hourlyCap} an hour, `
        + `${route.caps.dailyCap} a day; test mail counts too); try again after ${formatInstant(wait.untilMs)}`);
    }
    const id = newId(now);
    await outbox.insertOutboxMessage(trx, {
      id, workspaceId: actor.workspace.id, contactId: null, userId: actor.user.id, followUpId: null, enrollmentId: null, kind: 'test',
      ...mail, headers: {}, calendar: null, unsubscribeToken: null, status: 'queued', attempt: 0, leaseUntil: null,
      dueAt: nowIso, availableAt: nowIso, lastError: null, createdAt: nowIso, sentAt: null,
    });
    // queued → sending in the same transaction: no worker ever sees it queued.
    await outbox.markSending(trx, id, 1, formatInstant(now + TEST_LEASE_MS), route.key, nowIso);
    return id;
  });
}

/** Why the test mail did not go, in our words: a category, or the reply code of a server that refused the message. */
function failureWords(outcome: Exclude<SendOutcome, { kind: 'sent' }>): string {
  if (outcome.kind === 'retry' && outcome.failure) return connectionFailureWords(outcome.failure);
  if (outcome.code !== undefined) return `the mail server did not take the test mail (it answered ${outcome.code}): check the From address and what the server allows`;
  return 'the connection to the mail server broke off before it took the test mail: try again';
}

export async function sendTestMail(deps: ServiceDeps, actor: Actor, scope: TestMailScope, to: string | undefined, server: ServerSmtp): Promise<TestMailResult> {
  refusedToMember(actor, scope);
  if (to !== undefined && to.trim().toLowerCase() !== actor.user.email.toLowerCase()) {
    throw AppError.invalid('to', `test mail goes only to your own address (${actor.user.email})`);
  }
  const recipient = actor.user.email;
  const route = await routeFor(deps, actor, scope, server);
  try {
    const mail = {
      to: recipient, subject: 'Followthrough test mail', messageId: newMessageId(),
      text: `This is a test from Followthrough, sent by ${actor.user.name} through the ${scope === 'me' ? 'personal' : scope} mailbox of ${actor.workspace.name}.\n\nIf you can read this, follow-up emails will go out through it.\n`,
    };
    const id = await reserve(deps, actor, route, mail);
    const outcome = await route.mailer.send({ from: route.from, headers: { 'Auto-Submitted': 'auto-generated' }, ...mail });
    if (outcome.kind === 'sent') {
      await outbox.recordOutcome(deps.store.db, id, 1, { status: 'sent', sentAt: formatInstant(deps.clock()) });
      // The reply code only: the rest of the line is the server's to word, and is not passed on.
      return { sent: true, to: recipient, response: `${/^\d{3}/.exec(outcome.response)?.[0] ?? '250'} accepted`, via: scope };
    }
    const words = failureWords(outcome);
    // Not handed over (or refused): it did not use up the mailbox's room. `unknown` may have gone out, and still counts.
    await outbox.recordOutcome(deps.store.db, id, 1, { status: outcome.kind === 'unknown' ? 'unknown' : 'skipped', lastError: `test mail not sent: ${words}` });
    throw new AppError('mail-failed', `the test mail was not sent: ${words}`, [{ path: 'smtp', message: words }]);
  } finally {
    route.mailer.close();
  }
}
