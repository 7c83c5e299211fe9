import type { Selectable } from 'kysely';
import type { WebhookEventType, WebhookFormat } from '../shared/webhooks.js';
import { bit, bool, parseJson, type Db } from './db.js';
import type { WebhooksTable } from './webhookTables.js';

/** A workspace's webhook endpoint, its secrets still sealed (services/webhooks.ts opens them just before signing). */
export interface StoredWebhook {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  format: WebhookFormat;
  description: string | null;
  sealedSecret: string;
  previousSealedSecret: string | null;
  previousSecretUntil: string | null;
  secretVersion: number;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const toWebhook = (r: Selectable<WebhooksTable>): StoredWebhook => ({
  id: r.id, workspaceId: r.workspace_id, url: r.url, events: parseJson<WebhookEventType[]>(r.events, []), format: r.format,
  description: r.description, sealedSecret: r.sealed_secret, previousSealedSecret: r.previous_sealed_secret,
  previousSecretUntil: r.previous_secret_until, secretVersion: Number(r.secret_version), enabled: bool(Number(r.enabled)),
  disabledAt: r.disabled_at, disabledReason: r.disabled_reason, consecutiveFailures: Number(r.consecutive_failures),
  failingSince: r.failing_since, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function insertWebhook(db: Db, w: StoredWebhook): Promise<void> {
  await db.insertInto('webhooks').values({
    id: w.id, workspace_id: w.workspaceId, url: w.url, events: JSON.stringify(w.events), format: w.format, description: w.description,
    sealed_secret: w.sealedSecret, previous_sealed_secret: w.previousSealedSecret, previous_secret_until: w.previousSecretUntil,
    secret_version: w.secretVersion, enabled: bit(w.enabled), disabled_at: w.disabledAt, disabled_reason: w.disabledReason,
    consecutive_failures: w.consecutiveFailures, failing_since: w.failingSince, created_by: w.createdBy, created_at: w.createdAt, updated_at: w.updatedAt,
  }).execute();
}

export async function listWebhooks(db: Db, workspaceId: string): Promise<StoredWebhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toWebhook);
}

export async function findWebhook(db: Db, workspaceId: string, id: string): Promise<StoredWebhook | null> {
  const row = await db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toWebhook(row) : null;
}

/** For the worker, which acts for every workspace: the endpoint a claimed delivery goes to. */
export async function findWebhookById(db: Db, id: string): Promise<StoredWebhook | null> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWebhook(row) : null;
}

export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  await db.deleteFrom('webhook_deliveries').where('workspace_id', '=', workspaceId).where('webhook_id', '=', id).execute();
  const result = await db.deleteFrom('webhooks').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export interface WebhookPatch {
  events?: WebhookEventType[];
  description?: string | null;
  /** Re-enabling also forgets the run of failures that disabled it. */
  enabled?: boolean;
  updatedAt: string;
}

export async function updateWebhook(db: Db, workspaceId: string, id: string, patch: WebhookPatch): Promise<void> {
  await db.updateTable('webhooks').set({
    updated_at: patch.updatedAt,
    ...(patch.events ? { events: JSON.stringify(patch.events) } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.enabled === true ? { enabled: 1, disabled_at: null, disabled_reason: null, consecutive_failures: 0, failing_since: null } : {}),
    ...(patch.enabled === false ? { enabled: 0, disabled_at: patch.updatedAt, disabled_reason: 'turned off in Settings' } : {}),
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** A new secret; the one before keeps signing until `previousUntil`. */
export async function rotateSecret(db: Db, workspaceId: string, id: string, rotation: { sealedSecret: string; previousSealedSecret: string; previousUntil: string; version: number; updatedAt: string }): Promise<void> {
  await db.updateTable('webhooks').set({
    sealed_secret: rotation.sealedSecret, previous_sealed_secret: rotation.previousSealedSecret, previous_secret_until: rotation.previousUntil,
    secret_version: rotation.version, updated_at: rotation.updatedAt,
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** A delivery was accepted: the run of failures ends. */
export async function recordEndpointSuccess(db: Db, id: string): Promise<void> {
  await db.updateTable('webhooks').set({ consecutive_failures: 0, failing_since: null }).where('id', '=', id).where('consecutive_failures', '>', 0).execute();
}

/** A failed attempt: one more in the run (which starts now if there was none); returns the run as it now stands. */
export async function recordEndpointFailure(db: Db, id: string, nowIso: string): Promise<{ consecutiveFailures: number; failingSince: string } | null> {
  await db.updateTable('webhooks').set((eb) => ({
    consecutive_failures: eb('consecutive_failures', '+', 1),
    failing_since: eb.fn.coalesce('failing_since', eb.val(nowIso)),
  })).where('id', '=', id).execute();
  const row = await db.selectFrom('webhooks').select(['consecutive_failures', 'failing_since']).where('id', '=', id).executeTakeFirst();
  return row ? { consecutiveFailures: Number(row.consecutive_failures), failingSince: row.failing_since ?? nowIso } : null;
}

/** Switched off because it kept failing; true only for the call that switched it (so owners are told once). */
export async function disableFailing(db: Db, id: string, reason: string, nowIso: string): Promise<boolean> {
  const result = await db.updateTable('webhooks').set({ enabled: 0, disabled_at: nowIso, disabled_reason: reason, updated_at: nowIso })
    .where('id', '=', id).where('enabled', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
