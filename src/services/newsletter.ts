import { assertHasHappened } from '../core/happenedAt.js';
import { neutraliseFormula } from '../core/import/formulaCells.js';
import {
  isNewsletterRecipient, newsletterConsentOf, newsletterEvidence, newsletterInWords,
} from '../core/newsletter.js';
import { formatInstant, parseInstant } from '../core/time.js';
import type { NewsletterConsentInput, NewsletterConsentView } from '../shared/newsletter.js';
import * as consent from '../store/consent.js';
import { newId } from '../store/ids.js';
import { requireContact } from './guards.js';
import type { Actor, ServiceDeps } from './deps.js';
import { csvText } from './exportWorkspace.js';
import { requirePermission } from './permissions.js';

/** Seed 001 "Keep me posted": the contact's newsletter answer, with the evidence, as the contact page shows it. */
export async function newsletterConsent(deps: ServiceDeps, actor: Actor, contactId: string): Promise<NewsletterConsentView> {
  const contact = await requireContact(deps.store.db, actor, contactId);
  const state = newsletterConsentOf(await consent.consentRecordsOf(deps.store.db, actor.workspace.id, contactId));
  return { ...state, onList: isNewsletterRecipient(contact, state), summary: newsletterInWords(state, contact, actor.user.timeZone) };
}

/** Records their answer (yes or no) like an opt-in: what they said, how and when. Sends nothing. */
export async function recordNewsletterConsent(deps: ServiceDeps, actor: Actor, contactId: string, input: NewsletterConsentInput): Promise<NewsletterConsentView> {
  const now = deps.clock();
  const saidAtMs = input.at ? parseInstant(input.at, 'at') : now;
  assertHasHappened(saidAtMs, now, 'at');
  await deps.store.db.transaction().execute(async (trx) => {
    await requireContact(trx, actor, contactId);
    await consent.insertConsentRecord(trx, {
      id: newId(now), workspaceId: actor.workspace.id, contactId, userId: actor.user.id,
      kind: input.consent ? 'newsletter-yes' : 'newsletter-no',
      detail: newsletterEvidence(input.channel, input.evidence), createdAt: formatInstant(saidAtMs),
    });
  });
  return newsletterConsent(deps, actor, contactId);
}

export const newsletterCsvColumns = ['name', 'email', 'consentedAt', 'evidence'] as const;

/**
 * newsletter.csv for a mailing tool: contacts whose latest answer is yes, with an email address and no
 * opt-out since; every cell made inert against spreadsheet formulas, like the other exports. It is
 * a wholesale export of personal data, so it needs what the workspace export needs, asked before the
 * first byte (see exportWorkspace.ts).
 */
export function exportNewsletterCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  requirePermission(actor, 'exportWorkspace');
  return newsletterCsv(deps, actor);
}

async function* newsletterCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  yield `\ufeff${csvText([[...newsletterCsvColumns]])}`;
  let after: [string, string] | null = null;
  for (;;) {
    const page = await consent.newsletterYesPage(deps.store.db, actor.workspace.id, after, 1000);
    const rows = page
      .filter((r) => isNewsletterRecipient(r, { consent: true, at: r.createdAt, evidence: r.detail }))
      .map((r) => [r.name, r.email ?? '', r.createdAt, r.detail].map(neutraliseFormula));
    if (rows.length > 0) yield csvText(rows);
    const last = page.at(-1);
    if (!last || page.length < 1000) return;
    after = [last.nameSearch, last.contactId];
  }
}
