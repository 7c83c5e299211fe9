/**
 * Emitting a webhook event (issue 15): called by the services where a state change happens, inside
 * their transaction, so the event is delivered if and only if the change commits. It imports no other
 * service, so any service may call it without an import cycle.
 */
import { formatInstant } from '../core/time.js';
import type { WebhookEventType } from '../shared/webhooks.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import { insertEventDeliveries } from '../store/webhookDeliveries.js';

/** What an event's `data` may hold: plain JSON. */
export type EventData = { [key: string]: EventValue };
type EventValue = string | number | boolean | null | EventData | EventValue[];

/** The body every endpoint receives (a Slack endpoint gets it rendered: core/slackMessage.ts). */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: EventData;
}

/** An event to emit: its type and data. */
export interface EventToEmit {
  type: WebhookEventType;
  data: EventData;
}

/**
 * Queues the events for every enabled endpoint of the workspace subscribed to each, in one
 * statement however many there are (nothing when there is no endpoint).
 */
export async function emitWebhookEvents(trx: Db, workspaceId: string, events: readonly EventToEmit[], nowMs: number): Promise<void> {
  const nowIso = formatInstant(nowMs);
  await insertEventDeliveries(trx, workspaceId, events.map(({ type, data }) => {
    const payload: WebhookPayload = { type, timestamp: nowIso, data };
    return { eventId: newId(nowMs), type, payload: JSON.stringify(payload) };
  }), nowIso);
}

export function emitWebhookEvent(trx: Db, workspaceId: string, type: WebhookEventType, data: EventData, nowMs: number): Promise<void> {
  return emitWebhookEvents(trx, workspaceId, [{ type, data }], nowMs);
}
