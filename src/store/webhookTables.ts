import type { WebhookDeliveryState, WebhookEventType, WebhookFormat } from '../shared/webhooks.js';

/** Migration 023 (issue 15): a workspace's webhook endpoints; `events` is a JSON list. */
export interface WebhooksTable {
  id: string;
  workspace_id: string;
  url: string;
  events: string;
  format: WebhookFormat;
  description: string | null;
  sealed_secret: string;
  previous_sealed_secret: string | null;
  previous_secret_until: string | null;
  secret_version: number;
  enabled: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  consecutive_failures: number;
  failing_since: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The webhook outbox: one row per (event, endpoint), claimed with a lease and fenced by `attempt`. */
export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  webhook_id: string;
  message_id: string;
  event_type: WebhookEventType;
  payload: string;
  status: WebhookDeliveryState;
  attempt: number;
  lease_until: string | null;
  available_at: string;
  created_at: string;
  last_attempt_at: string | null;
  response_status: number | null;
  duration_ms: number | null;
  last_error: string | null;
  delivered_at: string | null;
  redelivery_of: string | null;
}
