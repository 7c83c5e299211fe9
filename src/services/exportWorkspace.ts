import { stringify } from 'csv-stringify/sync';
import { contactCsvColumns, contactCsvRow, interactionCsvColumns, interactionCsvRow } from '../core/import/exportRows.js';
import { formatInstant } from '../core/time.js';
import { usersOfWorkspace } from '../store/accounts.js';
import { toContact } from '../store/contacts.js';
import { parseJson } from '../store/db.js';
import { contactNamesByIds, workspacePages, type ExportTable } from '../store/exportPages.js';
import { toFollowUp } from '../store/followUps.js';
import { toInteraction } from '../store/interactions.js';
import { toOpportunity } from '../store/opportunities.js';
import type { Actor, ServiceDeps } from './deps.js';
import { omitWorkspace } from './omitWorkspace.js';
import { requirePermission } from './permissions.js';
import { contactCustomColumns, customFieldDefinitions, withExportedCustomFields } from './exportCustomFields.js';

/**
 * Export of a whole workspace: JSON (everything), or CSV of contacts and of interactions. Each is
 * an async generator of text pieces, read a page of rows at a time, so a workspace of any size
 * streams in bounded memory. Every CSV cell a spreadsheet could read as a formula is made inert
 * (core neutraliseFormula); the contacts CSV is what the "followthrough" import preset reads back.
 *
 * Each exported function asks for the permission when called, before the first piece: a refusal
 * must be a 403 (and, in the CLI, no file), not a stream that breaks after the headers went out.
 */


/** Time spent is the sum of the interactions' minutes, which the export carries: a derived total would not survive an import. */
const withoutTimeSpent = <T extends { timeSpentMinutes?: number }>(value: T): Omit<T, 'timeSpentMinutes'> => {
  const { timeSpentMinutes, ...rest } = value;
  void timeSpentMinutes;
  return rest;
};

type Presenter = (row: Record<string, unknown>) => unknown;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const presenters: Record<ExportTable, Presenter> = {
  contacts: (row) => withoutTimeSpent(omitWorkspace(toContact(row as Parameters<typeof toContact>[0]))),
  interactions: (row) => omitWorkspace(toInteraction(row as Parameters<typeof toInteraction>[0])),
  follow_ups: (row) => omitWorkspace(toFollowUp(row as Parameters<typeof toFollowUp>[0])),
  opportunities: (row) => omitWorkspace(toOpportunity(row as Parameters<typeof toOpportunity>[0])),
  playbooks: (row) => ({
    id: str(row.id), key: str(row.key), name: str(row.name), definition: parseJson<unknown>(String(row.definition), null),
    createdAt: str(row.created_at), updatedAt: str(row.updated_at),
  }),
  consent_records: (row) => ({
    id: str(row.id), contactId: str(row.contact_id), userId: str(row.user_id), kind: str(row.kind), detail: str(row.detail), createdAt: str(row.created_at),
  }),
  enrollments: (row) => ({
    id: str(row.id), contactId: str(row.contact_id), userId: str(row.user_id), playbookKey: str(row.playbook_key),
    playbookId: str(row.playbook_id), status: str(row.status), exitReason: str(row.exit_reason),
    state: parseJson<unknown>(String(row.state), null), createdAt: str(row.created_at), updatedAt: str(row.updated_at),
  }),
};

const sections: Array<[string, ExportTable]> = [
  ['contacts', 'contacts'], ['interactions', 'interactions'], ['followUps', 'follow_ups'], ['opportunities', 'opportunities'],
  ['playbooks', 'playbooks'], ['consentRecords', 'consent_records'], ['enrollments', 'enrollments'],
];

/** The whole workspace as one JSON document (see workspaceExportSchema), in pieces. */
export function exportWorkspaceJson(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  requirePermission(actor, 'exportWorkspace');
  return workspaceJson(deps, actor);
}

async function* workspaceJson(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  const db = deps.store.db;
  const workspaceId = actor.workspace.id;
  const users = (await usersOfWorkspace(db, workspaceId)).map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, timeZone: u.timeZone }));
  const head = {
    format: 'followthrough-export', version: 1, exportedAt: formatInstant(deps.clock()),
    workspace: { id: actor.workspace.id, name: actor.workspace.name, timeZone: actor.workspace.timeZone }, users,
  };
  yield JSON.stringify(head).slice(0, -1);
  yield `,"customFields":${JSON.stringify(await customFieldDefinitions(db, workspaceId))}`;
  for (const [name, table] of sections) {
    yield `,${JSON.stringify(name)}:[`;
    let first = true;
    for await (const rows of workspacePages(db, table, workspaceId)) {
      const present = presenters[table];
      const text = (await withExportedCustomFields(db, workspaceId, table, rows.map(present))).map((row) => JSON.stringify(row)).join(',');
      yield first ? text : `,${text}`;
      first = false;
    }
    yield ']';
  }
  yield '}\n';
}

/** CSV text of rows whose cells are already neutralised: RFC 4180 quoting, LF line ends. */
export const csvText = (rows: string[][]): string => stringify(rows, { record_delimiter: 'unix', quote_record_delimiter: true });

/** contacts.csv: a byte-order mark (so spreadsheets read UTF-8), the header, one row per contact. */
export function exportContactsCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  requirePermission(actor, 'exportWorkspace');
  return contactsCsv(deps, actor);
}

async function* contactsCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  const custom = await contactCustomColumns(deps.store.db, actor.workspace.id);
  yield `\ufeff${csvText([[...contactCsvColumns, ...custom.headers]])}`;
  for await (const rows of workspacePages(deps.store.db, 'contacts', actor.workspace.id)) {
    const contacts = rows.map((row) => toContact(row as Parameters<typeof toContact>[0]));
    const customCells = await custom.cellsOf(contacts);
    yield csvText(contacts.map((contact, index) => [...contactCsvRow(contact), ...customCells[index] ?? []]));
  }
}

/** interactions.csv, with each contact's name and email beside the contact id. */
export function exportInteractionsCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  requirePermission(actor, 'exportWorkspace');
  return interactionsCsv(deps, actor);
}

async function* interactionsCsv(deps: ServiceDeps, actor: Actor): AsyncGenerator<string> {
  const db = deps.store.db;
  yield `\ufeff${csvText([[...interactionCsvColumns]])}`;
  for await (const rows of workspacePages(db, 'interactions', actor.workspace.id)) {
    const interactions = rows.map((row) => toInteraction(row as Parameters<typeof toInteraction>[0]));
    const ids = [...new Set(interactions.map((i) => i.contactId))];
    const contacts = await contactNamesByIds(db, actor.workspace.id, ids);
    yield csvText(interactions.map((i) => interactionCsvRow(i, contacts.get(i.contactId))));
  }
}
