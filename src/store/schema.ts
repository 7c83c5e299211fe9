import type { ColumnType } from 'kysely';
import type { EnrollmentStatus, ExitReason } from '../core/playbooks/types.js';
import type {
  CanBuy, Channel, Direction, FollowUpKind, FollowUpSource, FollowUpStatus, InteractionResult, InterestLevel, OpportunityStatus,
  OutcomeType, Relationship, Role,
} from '../core/types.js';
import type { DuplicatePolicy, ImportFormat } from '../shared/dataTransfer.js';
import type { ConsentRecord } from './consent.js';
import type { ImportStatus } from './imports.js';
import type { MailSecurity } from './mailSettings.js';
import type { OutboxKind, OutboxStatus } from './outbox.js';
import type { ReplyOutcome } from './replies.js';
import type { ContactSearchSourceView, ContactSearchDocsTable, ContactSearchStaleTable, ContactSearchTable } from './searchTables.js';
import type { TasksTable } from './taskTables.js';
import type { TeamSummariesTable, TeamSummaryOptOutsTable } from './teamSummaryTables.js';
import type { WebhookDeliveriesTable, WebhooksTable } from './webhookTables.js';
import type { DealColumns, DealStagesTable } from './dealTables.js';
import type { CustomFieldsTable, CustomFieldValuesTable } from './customFieldTables.js';
import type { ContactTagsTable, SavedViewsTable, TagsTable } from './tagViewTables.js';

/**
 * Table types shared by both dialects. Instants are fixed-width ISO strings (UTC, ms) so they sort
 * the same way in SQLite and PostgreSQL; booleans are 0/1 integers; lists are JSON text. A column
 * that holds one of the vocabulary's words is typed with that vocabulary's union (the database
 * keeps text): what is written is checked when it is written, and what is read needs no cast.
 * Over 400 lines because it is one interface per table and nothing else; a feature with tables of its
 * own may keep them in a file beside it (webhookTables.ts).
 */
export interface WorkspacesTable {
  id: string;
  name: string;
  time_zone: string;
  settings: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  time_zone: string;
  work_from: string;
  work_to: string;
  work_days: string;
  ical_secret_hash: string;
  /** When the current feed link was made (and shown, once); null: none was ever shown. */
  ical_created_at: string | null;
  created_at: string;
  phone: string | null;
  signature: string | null;
  /** Set when an owner or admin deactivated the user: they can no longer sign in. */
  deactivated_at: string | null;
  /** Minutes before a timed follow-up to remind (calendar alarm, push); 0: none. */
  reminder_minutes: ColumnType<number, number | undefined, number>;
}

/** One-time password reset links, kept as SHA-256 hashes of the token in the link. */
export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  workspace_id: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ContactsTable {
  id: string;
  workspace_id: string;
  owner_id: string | null;
  name: string;
  name_search: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  time_zone: string;
  preferred_channel: Channel | null;
  reachable: string;
  interests: string;
  buying_process: string | null;
  referred_by: string | null;
  relationship: Relationship;
  interest: InterestLevel;
  can_buy: CanBuy;
  authority: string | null;
  do_not_contact: number;
  dnc_reason: string | null;
  dnc_at: string | null;
  notes: string | null;
  customer_since: string | null;
  purchase_date: string | null;
  created_at: string;
  updated_at: string;
  /** Normalised phone (core phoneKey): duplicates are found by phone on an index. */
  phone_key?: string | null;
  time_budget_minutes?: number | null;
  /** Sum of the contact's touches' minutes, added to by a trigger as each touch is written (migration 022). */
  time_spent_minutes?: number;
}

export interface ConsentRecordsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  user_id: string | null;
  kind: ConsentRecord['kind'];
  detail: string;
  created_at: string;
}

export interface OpportunitiesTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  owner_id: string | null;
  title: string;
  status: OpportunityStatus;
  touches: number;
  closed_on_touch: number | null;
  created_at: string;
  closed_at: string | null;
}

export interface InteractionsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  user_id: string | null;
  opportunity_id: string | null;
  follow_up_id: string | null;
  channel: Channel;
  direction: Direction;
  result: InteractionResult | null;
  occurred_at: string;
  notes: string | null;
  changed: string | null;
  outcome: OutcomeType | null;
  touch_number: number;
  created_at: string;
  minutes?: number | null;
}

export interface FollowUpsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  opportunity_id: string | null;
  user_id: string | null;
  kind: FollowUpKind;
  channel: Channel;
  due_at: string;
  due_local: string;
  time_zone: string;
  all_day: number;
  agenda: string | null;
  progress: string | null;
  promised: number;
  source: FollowUpSource;
  status: FollowUpStatus;
  status_reason: string | null;
  enrollment_id: string | null;
  step_id: string | null;
  touch_number: number;
  created_by_interaction_id: string | null;
  created_at: string;
  done_at: string | null;
  script: string | null;
  subject: string | null;
  /** Why a playbook step was moved from the time its wait gave; null when it was not. */
  schedule_note: string | null;
  duration_minutes: number | null;
  booked_by_client: number;
}

export interface PlaybooksTable {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface EnrollmentsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  user_id: string | null;
  playbook_key: string;
  playbook_id: string | null;
  status: EnrollmentStatus;
  exit_reason: ExitReason | null;
  state: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  detail: string;
  created_at: string;
}

/** bigint columns: PostgreSQL's driver returns them as strings. */
type BigIntColumn = ColumnType<number | string, number | undefined, number>;

export interface ImportsTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  state: ImportStatus;
  dry_run: number;
  policy: DuplicatePolicy;
  format: ImportFormat;
  preset: string | null;
  allow_erased: number;
  source_name: string | null;
  fingerprint: string | null;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  byte_offset: BigIntColumn;
  line_offset: BigIntColumn;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImportRejectionsTable {
  import_id: string;
  workspace_id: string;
  line: BigIntColumn;
  reason: string;
}

export interface ImportKeysTable {
  import_id: string;
  workspace_id: string;
  key: string;
}

export interface SuppressionsTable {
  workspace_id: string;
  hash: string;
  created_at: string;
}

/** How far one watched mailbox has been read; a new UIDVALIDITY restarts it from UID 0. */
export interface ReplyMailboxesTable {
  workspace_id: string;
  mailbox_key: string;
  uid_validity: string;
  last_uid: BigIntColumn;
  updated_at: string;
}

/** Every inbound message already handled, written with the interaction it caused. */
export interface ReplyMessagesTable {
  workspace_id: string;
  mailbox_key: string;
  message_key: string;
  uid: BigIntColumn;
  outcome: ReplyOutcome;
  contact_id: string | null;
  interaction_id: string | null;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  workspace_id: string;
  contact_id: string | null;
  user_id: string | null;
  follow_up_id: string | null;
  enrollment_id: string | null;
  kind: OutboxKind;
  to: string;
  subject: string;
  text: string;
  headers: string;
  calendar: string | null;
  message_id: string;
  unsubscribe_token: string | null;
  booking_token: string | null;
  status: OutboxStatus;
  attempt: number;
  lease_until: string | null;
  due_at: string;
  available_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  mailbox: string | null;
  claimed_at: string | null;
  /** Why a queued email waits for a person (an empty merge field), in words; null when it does not. */
  held_reason: string | null;
  /** An HTML alternative to `text` (the weekly team summary, migration 030); null: text only. */
  html: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MailSettingsTable {
  id: string;
  workspace_id: string;
  scope: string;
  from_address: string;
  from_name: string | null;
  smtp_host: string;
  smtp_port: number;
  smtp_security: MailSecurity;
  smtp_user: string | null;
  smtp_password: string | null;
  imap_host: string | null;
  imap_port: number | null;
  imap_security: MailSecurity | null;
  imap_user: string | null;
  imap_password: string | null;
  hourly_cap: number;
  daily_cap: number;
  created_at: string;
  updated_at: string;
}

/** One morning digest per user and local date: the key that makes it exactly once. */
export interface DigestsTable {
  user_id: string;
  local_date: string;
  workspace_id: string;
  outbox_id: string;
  created_at: string;
}

/** A user who turned the morning digest off. */
export interface DigestOptOutsTable {
  user_id: string;
  created_at: string;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  contacts: ContactsTable;
  consent_records: ConsentRecordsTable;
  opportunities: OpportunitiesTable & DealColumns;
  deal_stages: DealStagesTable;
  interactions: InteractionsTable;
  follow_ups: FollowUpsTable;
  audit_log: AuditLogTable;
  playbooks: PlaybooksTable;
  enrollments: EnrollmentsTable;
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  import_keys: ImportKeysTable;
  suppressions: SuppressionsTable;
  reply_mailboxes: ReplyMailboxesTable;
  reply_messages: ReplyMessagesTable;
  outbox: OutboxTable;
  digests: DigestsTable;
  digest_opt_outs: DigestOptOutsTable;
  team_summaries: TeamSummariesTable;
  team_summary_opt_outs: TeamSummaryOptOutsTable;
  mail_settings: MailSettingsTable;
  booking_links: BookingLinksTable;
  booking_claims: BookingClaimsTable;
  push_keys: PushKeysTable;
  push_subscriptions: PushSubscriptionsTable;
  push_deliveries: PushDeliveriesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  custom_fields: CustomFieldsTable;
  custom_field_values: CustomFieldValuesTable;
  tasks: TasksTable;
  tags: TagsTable;
  contact_tags: ContactTagsTable;
  saved_views: SavedViewsTable;
  contact_search_docs: ContactSearchDocsTable;
  contact_search: ContactSearchTable;
  contact_search_stale: ContactSearchStaleTable;
  contact_search_source: ContactSearchSourceView;
  late_announcements: { follow_up_id: string; workspace_id: string; announced_at: string };
  /** SQLite only (migration 020): raised by trigger on every write to a workspace's agenda data. */
  agenda_versions: { workspace_id: string; version: number };
}

export interface BookingLinksTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  user_id: string;
  token_hash: string;
  follow_up_id: string | null;
  enrollment_id: string | null;
  agenda: string | null;
  /** JSON list of channels, the contact's preferred first. */
  channels: string;
  duration_minutes: number;
  days: number;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  booked_follow_up_id: string | null;
  booked_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export interface BookingClaimsTable {
  user_id: string;
  /** The quarter hour's start instant. */
  cell: string;
  follow_up_id: string;
}

/** The server's VAPID key pair (migration 025); one row, id `vapid`. */
export interface PushKeysTable {
  id: string;
  public_key: string;
  /** Sealed with SECRETS_KEY (mail/secretBox). */
  sealed_private_key: string;
  created_at: string;
}

export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** "Chrome on Android", from the browser that subscribed. */
  device: string | null;
  created_at: string;
  last_success_at: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export type PushDeliveryStatus = 'queued' | 'sending' | 'sent' | 'unknown' | 'failed' | 'gone' | 'expired' | 'obsolete';

/** The push outbox: one row per (follow-up, due time, subscription), written when the reminder is claimed. */
export interface PushDeliveriesTable {
  id: string;
  workspace_id: string;
  user_id: string;
  subscription_id: string;
  follow_up_id: string;
  due_at: string;
  status: PushDeliveryStatus;
  attempt: number;
  lease_until: string | null;
  available_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}
