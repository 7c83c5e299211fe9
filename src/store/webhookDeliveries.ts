import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveryState, WebhookEventType } from '../shared/webhooks.js';
import type { DialectName } from './connect.js';
import type { Db } from './db.js';
import type { WebhookDeliveriesTable } from './webhookTables.js';

/** One event on its way to one endpoint: the webhook outbox's row. */
export interface WebhookDelivery {
  id: string;
  workspaceId: string;
  webhookId: string;
  /** The `webhook-id` header: the same on every retry and redelivery. */
  messageId: string;
  eventType: WebhookEventType;
  /** The signed JSON body `{type, timestamp, data}`. */
  payload: string;
  status: WebhookDeliveryState;
  attempt: number;
  leaseUntil: string | null;
  availableAt: string;
  createdAt: string;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  durationMs: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  redeliveryOf: string | null;
}

const toDelivery = (r: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  id: r.id, workspaceId: r.workspace_id, webhookId: r.webhook_id, messageId: r.message_id, eventType: r.event_type, payload: r.payload,
  status: r.status, attempt: Number(r.attempt), leaseUntil: r.lease_until, availableAt: r.available_at, createdAt: r.created_at,
  lastAttemptAt: r.last_attempt_at, responseStatus: r.response_status === null ? null : Number(r.response_status),
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms), lastError: r.last_error, deliveredAt: r.delivered_at, redeliveryOf: r.redelivery_of,
});

export interface WebhookEvent {
  /**
   * Unique per event. Each endpoint's row is `<eventId>.<the random last 12 hex digits of the webhook id>`
   * (ids stay within 64 characters), its `webhook-id` header `msg_<eventId>`.
   */
  eventId: string;
  type: WebhookEventType;
  payload: string;
}

/**
 * One row per (event, enabled endpoint of the workspace subscribed to it), in ONE statement
 * (INSERT … SELECT), inside the caller's transaction: a workspace without webhooks pays one cheap
 * query however many events a change causes, and the events commit or roll back with the change.
 */
export async function insertEventDeliveries(db: Db, workspaceId: string, events: readonly WebhookEvent[], nowIso: string): Promise<void> {
  if (events.length === 0) return;
  const rows = sql.join(events.map((e) => sql`select cast(${e.eventId} as text) as event_id, cast(${e.type} as text) as event_type, cast(${e.payload} as text) as payload`), sql` union all `);
  const listed = sql<{ event_id: string; event_type: WebhookEventType; payload: string }>`(${rows})`.as('e');
  await db.insertInto('webhook_deliveries')
    .columns(['id', 'workspace_id', 'webhook_id', 'message_id', 'event_type', 'payload', 'status', 'available_at', 'created_at'])
    .expression((eb) => eb.selectFrom('webhooks as w').innerJoin(listed, (join) => join.on(sql<boolean>`w.events like '%"' || e.event_type || '"%'`))
      .select([
        sql<string>`e.event_id || '.' || substr(w.id, 25)`.as('id'), 'w.workspace_id', 'w.id as webhook_id', sql<string>`'msg_' || e.event_id`.as('message_id'),
        'e.event_type', 'e.payload', sql<WebhookDeliveryState>`'queued'`.as('status'), sql<string>`cast(${nowIso} as text)`.as('available_at'),
        sql<string>`cast(${nowIso} as text)`.as('created_at'),
      ])
      .where('w.workspace_id', '=', workspaceId).where('w.enabled', '=', 1))
    .execute();
}

/** A delivery sent again on request: a new row with the same body and `webhook-id`. */
export async function insertRedelivery(db: Db, of: WebhookDelivery, id: string, nowIso: string): Promise<void> {
  await db.insertInto('webhook_deliveries').values({
    id, workspace_id: of.workspaceId, webhook_id: of.webhookId, message_id: of.messageId, event_type: of.eventType, payload: of.payload,
    status: 'queued', attempt: 0, available_at: nowIso, created_at: nowIso, redelivery_of: of.id,
  }).execute();
}

/** Sends whose worker lost its lease: back in the queue (at least once); the next claim's attempt number fences the old worker out. */
export async function requeueExpired(db: Db, nowIso: string): Promise<number> {
  const result = await db.updateTable('webhook_deliveries')
    .set({ status: 'queued', lease_until: null, last_error: 'the worker sending it stopped before it finished; sent again' })
    .where('status', '=', 'sending').where('lease_until', '<', nowIso).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Due rows of enabled endpoints, locked for this transaction: PostgreSQL skips rows another worker
 * holds; SQLite's BEGIN IMMEDIATE already holds the only write lock. A disabled endpoint's rows wait.
 */
export async function lockClaimable(db: Db, dialect: DialectName, nowIso: string, limit: number): Promise<WebhookDelivery[]> {
  const query = db.selectFrom('webhook_deliveries as d').selectAll('d').where('d.status', '=', 'queued').where('d.available_at', '<=', nowIso)
    .where(({ exists, selectFrom }) => exists(selectFrom('webhooks as w').select('w.id').whereRef('w.id', '=', 'd.webhook_id').where('w.enabled', '=', 1)))
    .orderBy('d.available_at').orderBy('d.id').limit(limit);
  const rows = dialect === 'postgres' ? await query.forUpdate().skipLocked().execute() : await query.execute();
  return rows.map(toDelivery);
}

/** queued → sending under attempt `attempt` (the one before + 1) with a lease; false if another worker got there first. */
export async function markSending(db: Db, id: string, attempt: number, leaseUntil: string, nowIso: string): Promise<boolean> {
  const result = await db.updateTable('webhook_deliveries').set({ status: 'sending', attempt, lease_until: leaseUntil, last_attempt_at: nowIso })
    .where('id', '=', id).where('status', '=', 'queued').where('attempt', '=', attempt - 1).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface AttemptOutcome {
  status: WebhookDeliveryState;
  responseStatus: number | null;
  durationMs: number;
  lastError: string | null;
  availableAt?: string;
  deliveredAt?: string;
}

/** Fencing: only the attempt that holds the row records its outcome; 0 when it no longer does. */
export async function recordAttempt(db: Db, id: string, attempt: number, outcome: AttemptOutcome): Promise<number> {
  const result = await db.updateTable('webhook_deliveries').set({
    status: outcome.status, lease_until: null, response_status: outcome.responseStatus, duration_ms: outcome.durationMs, last_error: outcome.lastError,
    ...(outcome.availableAt ? { available_at: outcome.availableAt } : {}), ...(outcome.deliveredAt ? { delivered_at: outcome.deliveredAt } : {}),
  }).where('id', '=', id).where('attempt', '=', attempt).where('status', '=', 'sending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An endpoint's log, newest first. */
export async function recentDeliveries(db: Db, workspaceId: string, webhookId: string, limit: number): Promise<WebhookDelivery[]> {
  const rows = await db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toDelivery);
}

export async function findDelivery(db: Db, workspaceId: string, webhookId: string, id: string): Promise<WebhookDelivery | null> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('webhook_id', '=', webhookId)
    .where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/**
 * Erasure: every delivery whose body names the contact goes, sent or not (a copy of their name and
 * notes must not outlive them here, and an erased contact is announced to no one).
 */
export async function deleteDeliveriesAbout(db: Db, workspaceId: string, contactId: string): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('workspace_id', '=', workspaceId)
    .where('payload', 'like', `%"${contactId.replace(/[%_"\\]/g, '')}"%`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Delivered and failed deliveries older than `beforeIso` leave the log (and take their copy of the event with them). */
export async function pruneFinishedDeliveries(db: Db, beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('status', 'in', ['delivered', 'failed']).where('created_at', '<', beforeIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}
