import { formatInstant } from '../core/time.js';
import * as accounts from '../store/accounts.js';
import * as contacts from '../store/contacts.js';
import { findByUnsubscribeToken } from '../store/outbox.js';
import { actorForMessage } from './actors.js';
import type { ServiceDeps } from './deps.js';
import { stopContacting } from './stopContacting.js';

export interface UnsubscribeView {
  /** The address, partly hidden: the page confirms whose link it is without publishing it. */
  maskedEmail: string;
  sender: string;
  alreadyUnsubscribed: boolean;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(1, Math.min(6, local.length - 1)))}@${domain}`;
}

/** What the confirmation page shows. Reads only: a link scanner's GET must never unsubscribe anyone. */
export async function describeUnsubscribe(deps: ServiceDeps, token: string): Promise<UnsubscribeView | null> {
  const message = await findByUnsubscribeToken(deps.store.db, token);
  if (!message?.contactId) return null;
  const contact = await contacts.findContact(deps.store.db, message.workspaceId, message.contactId);
  if (!contact) return null;
  const workspace = await accounts.findWorkspace(deps.store.db, message.workspaceId);
  return { maskedEmail: maskEmail(message.to), sender: workspace?.name ?? 'the sender', alreadyUnsubscribed: contact.doNotContact };
}

/**
 * RFC 8058 one-click: the opt-out takes effect in this transaction, with the same effects as an
 * opt-out recorded by the salesperson (series exited, open follow-ups cancelled, consent record).
 * Repeating it changes nothing. Returns null for a token that matches no mail.
 */
export async function unsubscribeByToken(deps: ServiceDeps, token: string): Promise<UnsubscribeView | null> {
  const now = deps.clock();
  const nowIso = formatInstant(now);
  return deps.store.db.transaction().execute(async (trx) => {
    const message = await findByUnsubscribeToken(trx, token);
    if (!message?.contactId) return null;
    const contact = await contacts.findContact(trx, message.workspaceId, message.contactId);
    if (!contact) return null;
    const workspace = await accounts.findWorkspace(trx, message.workspaceId);
    const view = { maskedEmail: maskEmail(message.to), sender: workspace?.name ?? 'the sender', alreadyUnsubscribed: true };
    if (contact.doNotContact) return view;
    await stopContacting(trx, await actorForMessage(trx, message), contact, {
      reason: 'unsubscribed', followUpReason: 'opted out: unsubscribed',
      record: { kind: 'opt-out', detail: `one-click unsubscribe link in "${message.subject}" (${message.messageId})`.slice(0, 1000), userId: null },
      exitAs: 'opted-out', atMs: now, nowIso,
    });
    return view;
  });
}
