import type { Migration } from 'kysely';
import * as initial from './001_initial.js';
import * as playbooks from './002_playbooks.js';
import * as imports from './003_imports.js';
import * as purchaseDate from './004_purchase_date.js';
import * as outbox from './005_outbox.js';
import * as benchIndexes from './006_bench_indexes.js';
import * as mailSettings from './007_mail_settings.js';
import * as replies from './008_replies.js';
import * as digest from './009_digest.js';
import * as scheduleNotes from './010_schedule_notes.js';
import * as profileAndHeldMail from './011_profile_and_held_mail.js';
import * as referredBy from './012_referred_by.js';
import * as timeBudget from './015_time_budget.js';
import * as importQueue from './016_import_queue.js';
import * as idempotencyKeys from './017_idempotency_keys.js';
import * as accounts from './018_accounts.js';
import * as bookingLinks from './019_booking_links.js';
import * as agendaChanges from './020_agenda_changes.js';
import * as loggingIndexes from './021_logging_indexes.js';
import * as timeSpentTrigger from './022_time_spent_trigger.js';
import * as webhooks from './023_webhooks.js';
import * as reminderMinutes from './024_reminder_minutes.js';
import * as push from './025_push.js';
import * as dealStages from './026_deal_stages.js';
import * as customFields from './027_custom_fields.js';
import * as search from './028_search.js';
import * as managerSummary from './030_manager_summary.js';
import * as tasks from './031_tasks.js';
import * as searchDeferred from './032_search_deferred.js';
import * as searchGinNoPending from './033_search_gin_no_pending.js';
import * as searchNewestFirst from './034_search_newest_first.js';
import * as contactKeysPartial from './035_contact_keys_partial.js';
import * as tagsViews from './029_tags_views.js';

/** Every migration in order. Names sort; never rename or edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_playbooks': playbooks,
  '003_imports': imports,
  '004_purchase_date': purchaseDate,
  '005_outbox': outbox,
  '006_bench_indexes': benchIndexes,
  '007_mail_settings': mailSettings,
  '008_replies': replies,
  '009_digest': digest,
  '010_schedule_notes': scheduleNotes,
  '011_profile_and_held_mail': profileAndHeldMail,
  '012_referred_by': referredBy,
  '015_time_budget': timeBudget,
  '016_import_queue': importQueue,
  '017_idempotency_keys': idempotencyKeys,
  '018_accounts': accounts,
  '019_booking_links': bookingLinks,
  '020_agenda_changes': agendaChanges,
  '021_logging_indexes': loggingIndexes,
  '022_time_spent_trigger': timeSpentTrigger,
  '023_webhooks': webhooks,
  '024_reminder_minutes': reminderMinutes,
  '025_push': push,
  '026_deal_stages': dealStages,
  '027_custom_fields': customFields,
  '028_search': search,
  '029_tags_views': tagsViews,
  '030_manager_summary': managerSummary,
  '031_tasks': tasks,
  '032_search_deferred': searchDeferred,
  '033_search_gin_no_pending': searchGinNoPending,
  '034_search_newest_first': searchNewestFirst,
  '035_contact_keys_partial': contactKeysPartial,
};
