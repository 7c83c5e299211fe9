import type { Selectable } from 'kysely';
import type { Db } from './db.js';
import type { MailSettingsTable } from './schema.js';

export type MailSecurity = 'tls' | 'starttls' | 'none';

/** One mailbox's settings as stored: passwords still sealed. */
export interface StoredMailSettings {
  id: string;
  workspaceId: string;
  /** 'workspace', or the id of the user who owns this mailbox. */
  scope: string;
  fromAddress: string;
  fromName: string | null;
  smtp: { host: string; port: number; security: MailSecurity; user: string | null; sealedPassword: string | null };
  imap: { host: string; port: number; security: MailSecurity; user: string | null; sealedPassword: string | null } | null;
  hourlyCap: number;
  dailyCap: number;
  createdAt: string;
  updatedAt: string;
}

export const WORKSPACE_SCOPE = 'workspace';

function toSettings(row: Selectable<MailSettingsTable>): StoredMailSettings {
  return {
    id: row.id, workspaceId: row.workspace_id, scope: row.scope, fromAddress: row.from_address, fromName: row.from_name,
    smtp: { host: row.smtp_host, port: Number(row.smtp_port), security: row.smtp_security, user: row.smtp_user, sealedPassword: row.smtp_password },
    imap: row.imap_host === null ? null : {
      host: row.imap_host, port: Number(row.imap_port ?? 993), security: row.imap_security ?? 'tls', user: row.imap_user, sealedPassword: row.imap_password,
    },
    hourlyCap: Number(row.hourly_cap), dailyCap: Number(row.daily_cap), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export async function findMailSettings(db: Db, workspaceId: string, scope: string): Promise<StoredMailSettings | null> {
  const row = await db.selectFrom('mail_settings').selectAll().where('workspace_id', '=', workspaceId).where('scope', '=', scope).executeTakeFirst();
  return row ? toSettings(row) : null;
}

export async function findMailSettingsById(db: Db, id: string): Promise<StoredMailSettings | null> {
  const row = await db.selectFrom('mail_settings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSettings(row) : null;
}

/** Every mailbox with IMAP configured, for the reply watchers. */
export async function listImapMailboxes(db: Db): Promise<StoredMailSettings[]> {
  const rows = await db.selectFrom('mail_settings').selectAll().where('imap_host', 'is not', null).orderBy('id').execute();
  return rows.map(toSettings);
}

export async function saveMailSettings(db: Db, s: StoredMailSettings): Promise<void> {
  const values = {
    from_address: s.fromAddress, from_name: s.fromName,
    smtp_host: s.smtp.host, smtp_port: s.smtp.port, smtp_security: s.smtp.security, smtp_user: s.smtp.user, smtp_password: s.smtp.sealedPassword,
    imap_host: s.imap?.host ?? null, imap_port: s.imap?.port ?? null, imap_security: s.imap?.security ?? null, imap_user: s.imap?.user ?? null,
    imap_password: s.imap?.sealedPassword ?? null, hourly_cap: s.hourlyCap, daily_cap: s.dailyCap, updated_at: s.updatedAt,
  };
  await db.insertInto('mail_settings').values({ id: s.id, workspace_id: s.workspaceId, scope: s.scope, created_at: s.createdAt, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'scope']).doUpdateSet(values)).execute();
}

export async function deleteMailSettings(db: Db, workspaceId: string, scope: string): Promise<boolean> {
  const result = await db.deleteFrom('mail_settings').where('workspace_id', '=', workspaceId).where('scope', '=', scope).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
