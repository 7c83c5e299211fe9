import { bulkRefusal, groupSkips, type BulkSkip } from '../core/bulkRules.js';
import { AppError } from '../core/errors.js';
import { contactCsvColumns, contactCsvRow } from '../core/import/exportRows.js';
import { formatInstant } from '../core/time.js';
import type { Contact } from '../core/types.js';
import type { BulkAction, BulkRequest, BulkResult, BulkSelection } from '../shared/bulk.js';
import { auditMany } from '../store/audit.js';
import * as contactStore from '../store/contacts.js';
import type { Db } from '../store/db.js';
import * as tagStore from '../store/tags.js';
import { listFilterOf } from './contactFilters.js';
import { listContacts, optOut } from './contacts.js';
import type { Actor, ServiceDeps } from './deps.js';
import { enrolmentBlock, enroll } from './enrollments.js';
import { csvText } from './exportWorkspace.js';
import { requireMember } from './guards.js';
import { resolvePlaybook } from './playbooks.js';
import { requireView } from './savedViews.js';

/** Contacts read and acted on together: one transaction per page for the set-wise actions. */
const PAGE = 500;
/** More than this at once is refused: a selection that large is narrowed first. */
export const MAX_SELECTION = 20_000;
/** How many names each list of the answer carries (the counts are always whole). */
const LISTED = 1_000;

/** The selected contacts' ids, in the list's order, within the actor's workspace only. */
async function selectedIds(deps: ServiceDeps, actor: Actor, selection: BulkSelection): Promise<string[]> {
  if (selection.ids) return [...new Set(selection.ids)];
  const filters = selection.viewId ? (await requireView(deps.store.db, actor, selection.viewId)).definition.filters : selection.filter ?? {};
  const filter = listFilterOf(actor, filters);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listContacts(deps, actor, { ...filter, limit: PAGE, cursor });
    ids.push(...page.items.map((c) => c.id));
    if (ids.length > MAX_SELECTION) {
      throw AppError.invalid('selection', `this selects more than ${MAX_SELECTION.toLocaleString('en')} contacts; narrow the filter first`);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** Checks the action itself before any contact is read: a bad playbook or owner changes nothing (400/404). */
async function checkAction(deps: ServiceDeps, actor: Actor, action: BulkAction): Promise<void> {
  if (action.type === 'enrol') {
    if (!action.playbookId && !action.playbookKey) throw AppError.invalid('action.playbookId', 'choose a playbook to enrol them in');
    await resolvePlaybook(deps.store.db, actor, action);
  }
  if (action.type === 'assign') await requireMember(deps.store.db, actor, action.ownerId, 'action.ownerId');
}

interface PageOutcome {
  acted: Contact[];
  skipped: BulkSkip[];
}

const skip = (contact: Pick<Contact, 'id' | 'name'>, code: BulkSkip['code'], reason: string): BulkSkip => ({ id: contact.id, name: contact.name, code, reason });

/** Who of this page the action would reach, and who it leaves out and why: reads only. */
async function sortPage(db: Db, actor: Actor, action: BulkAction, ids: string[], contacts: Map<string, Contact>, atMs: number): Promise<PageOutcome> {
  const outcome: PageOutcome = { acted: [], skipped: [] };
  const candidates: Contact[] = [];
  for (const id of ids) {
    const contact = contacts.get(id);
    if (!contact) outcome.skipped.push(skip({ id, name: id }, 'not-found', 'not a contact of this workspace'));
    else {
      const refusal = bulkRefusal(actor.role, actor.user.id, contact.ownerId);
      if (refusal) outcome.skipped.push(skip(contact, 'not-yours', refusal));
      else candidates.push(contact);
    }
  }
  const tagId = action.type === 'tag' || action.type === 'untag' ? await tagStore.findTagId(db, actor.workspace.id, action.tag) : null;
  const wearing = tagId ? await tagStore.contactsWearing(db, actor.workspace.id, tagId, candidates.map((c) => c.id)) : new Set<string>();
  for (const contact of candidates) {
    const why = await whyNot(db, actor, action, contact, wearing, atMs);
    if (why) outcome.skipped.push(skip(contact, why.code, why.reason));
    else outcome.acted.push(contact);
  }
  return outcome;
}

async function whyNot(db: Db, actor: Actor, action: BulkAction, contact: Contact, wearing: Set<string>, atMs: number): Promise<Pick<BulkSkip, 'code' | 'reason'> | null> {
  switch (action.type) {
    case 'enrol': return enrolmentBlock(db, actor, contact, atMs, action.includeUnqualified);
    case 'assign': return contact.ownerId === action.ownerId ? { code: 'no-change', reason: 'already theirs' } : null;
    case 'tag': return wearing.has(contact.id) ? { code: 'no-change', reason: `already tagged "${action.tag}"` } : null;
    case 'untag': return wearing.has(contact.id) ? null : { code: 'no-change', reason: `not tagged "${action.tag}"` };
    case 'opt-out': return contact.doNotContact ? { code: 'no-change', reason: 'already do-not-contact' } : null;
    case 'export': return null;
  }
}

/** Does it: per contact through the one-contact services (enrol, opt out), set-wise in one transaction otherwise. */
async function act(deps: ServiceDeps, actor: Actor, action: BulkAction, page: PageOutcome): Promise<PageOutcome> {
  if (action.type === 'enrol' || action.type === 'opt-out') {
    const done: PageOutcome = { acted: [], skipped: page.skipped };
    for (const contact of page.acted) {
      try {
        if (action.type === 'enrol') await enroll(deps, actor, { contactId: contact.id, playbookId: action.playbookId, playbookKey: action.playbookKey });
        else await optOut(deps, actor, contact.id, action.reason);
        done.acted.push(contact);
      } catch (error) {
        // Changed since it was read (opted out, enrolled elsewhere): skipped, with the service's own words.
        if (!(error instanceof AppError)) throw error;
        done.skipped.push(skip(contact, error.code === 'do-not-contact' ? 'do-not-contact' : error.code === 'conflict' ? 'already-enrolled' : 'not-found', error.message));
      }
    }
    return done;
  }
  if (action.type === 'export' || page.acted.length === 0) return page;
  const nowIso = formatInstant(deps.clock());
  const ids = page.acted.map((c) => c.id);
  const entries = page.acted.map((contact) => ({
    workspaceId: actor.workspace.id, userId: actor.user.id, entity: 'contact', entityId: contact.id, at: nowIso,
    action: action.type === 'assign' ? 'update' : action.type,
    detail: { ...(action.type === 'assign' ? { fields: ['ownerId'] } : { tag: action.tag }), bulk: true },
  }));
  await deps.store.db.transaction().execute(async (trx) => {
    if (action.type === 'assign') {
      for (const contact of page.acted) await contactStore.updateContact(trx, { ...contact, ownerId: action.ownerId, updatedAt: nowIso });
    } else if (action.type === 'tag') {
      const tagId = (await tagStore.ensureTags(trx, actor.workspace.id, [action.tag], null, nowIso)).values().next().value;
      if (tagId) await tagStore.addTagToContacts(trx, actor.workspace.id, tagId, ids, nowIso);
    } else {
      const tagId = await tagStore.findTagId(trx, actor.workspace.id, action.tag);
      if (tagId) await tagStore.removeTagFromContacts(trx, actor.workspace.id, tagId, ids);
    }
    await auditMany(trx, entries);
  });
  return page;
}

/**
 * A bulk action on a selection: who it reaches and who it skips and why, decided by the same rules
 * as the one-contact actions. A preview reads and changes nothing; otherwise it acts page by page.
 */
export async function runBulk(deps: ServiceDeps, actor: Actor, request: BulkRequest): Promise<BulkResult> {
  await checkAction(deps, actor, request.action);
  const ids = await selectedIds(deps, actor, request.selection);
  if (ids.length > MAX_SELECTION) throw AppError.invalid('selection', `select at most ${MAX_SELECTION.toLocaleString('en')} contacts at once`);
  const atMs = deps.clock();
  const acted: Contact[] = [];
  const skipped: BulkSkip[] = [];
  const csv: string[] = request.action.type === 'export' ? [`\ufeff${csvText([[...contactCsvColumns]])}`] : [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const pageIds = ids.slice(i, i + PAGE);
    const contacts = await contactStore.findContactsByIds(deps.store.db, actor.workspace.id, pageIds);
    const sorted = await sortPage(deps.store.db, actor, request.action, pageIds, contacts, atMs);
    const done = request.preview ? sorted : await act(deps, actor, request.action, sorted);
    acted.push(...done.acted);
    skipped.push(...done.skipped);
    if (csv.length > 0 && !request.preview && done.acted.length > 0) csv.push(csvText(done.acted.map(contactCsvRow)));
  }
  return {
    action: request.action.type, preview: request.preview, selected: ids.length, acted: acted.length, skipped: skipped.length,
    actedOn: acted.slice(0, LISTED).map((c) => ({ id: c.id, name: c.name })),
    skippedContacts: skipped.slice(0, LISTED),
    reasons: groupSkips(skipped),
    ...(request.action.type === 'export' && !request.preview ? { csv: csv.join('') } : {}),
  };
}
