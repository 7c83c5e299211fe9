/** What the workspace export reads: every row of a table, a page at a time, and contacts' names for the interactions CSV. */
import type { Db } from './db.js';

const PAGE = 1000;

export type ExportTable = 'contacts' | 'interactions' | 'follow_ups' | 'opportunities' | 'playbooks' | 'consent_records' | 'enrollments';

/** Every row of a table in the workspace, by id, a page at a time. */
export async function* workspacePages(db: Db, table: ExportTable, workspaceId: string): AsyncGenerator<Array<Record<string, unknown>>> {
  for (let after = ''; ;) {
    const rows = await db.selectFrom(table).selectAll().where('workspace_id', '=', workspaceId).where('id', '>', after)
      .orderBy('id').limit(PAGE).execute() as Array<Record<string, unknown> & { id: string }>;
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < PAGE) return;
  }
}

/** The name and e-mail of each of these contacts. */
export async function contactNamesByIds(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, { name: string; email: string | null }>> {
  const contacts = new Map<string, { name: string; email: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db.selectFrom('contacts').select(['id', 'name', 'email']).where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const c of found) contacts.set(c.id, { name: c.name, email: c.email });
  }
  return contacts;
}
