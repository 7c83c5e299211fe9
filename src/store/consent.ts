import type { Db } from './db.js';

export interface ConsentRecord {
  id: string;
  workspaceId: string;
  contactId: string;
  userId: string | null;
  kind: 'opt-out' | 'opt-in' | 'said-no';
  detail: string;
  createdAt: string;
}

export async function insertConsentRecord(db: Db, r: ConsentRecord): Promise<void> {
  await db.insertInto('consent_records').values({
    id: r.id, workspace_id: r.workspaceId, contact_id: r.contactId, user_id: r.userId, kind: r.kind, detail: r.detail, created_at: r.createdAt,
  }).execute();
}

export async function consentRecordsOf(db: Db, workspaceId: string, contactId: string): Promise<ConsentRecord[]> {
  const rows = await db.selectFrom('consent_records').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, contactId: r.contact_id, userId: r.user_id, kind: r.kind as ConsentRecord['kind'], detail: r.detail, createdAt: r.created_at }));
}
