import type { Config } from '../config.js';
import { vapidSubject } from '../core/pushReminders.js';
import { smtpMailer } from '../mail/smtp.js';
import type { ServiceDeps } from '../services/deps.js';
import { DigestScheduler } from './digestScheduler.js';
import { TeamSummaryScheduler } from './teamSummaryScheduler.js';
import { Housekeeping } from './housekeeping.js';
import { SearchUpkeep } from './searchUpkeep.js';
import { startImportWorker, type ImportWorker } from './importWorker.js';
import { ReplyWatchers } from './replyWatchers.js';
import { PushWorker } from './pushWorker.js';
import { OutboxWorker } from './worker.js';
import { LatePromiseWatcher } from './latePromiseWatcher.js';
import { WebhookWorker } from './webhookWorker.js';

export type JobLog = (event: string, detail: Record<string, unknown>) => void;

export interface BackgroundJobs {
  outbox: OutboxWorker;
  digest: DigestScheduler;
  teamSummary: TeamSummaryScheduler;
  replies: ReplyWatchers;
  imports: ImportWorker;
  housekeeping: Housekeeping;
  searchUpkeep: SearchUpkeep;
  webhooks: WebhookWorker;
  latePromises: LatePromiseWatcher;
  push: PushWorker;
  stop(): Promise<void>;
}

/**
 * The outbox worker as configured: it sends through each user's or workspace's stored mailbox, and
 * through SMTP_URL (when set) for mail that has none.
 */
export function startOutboxWorker(config: Config, deps: ServiceDeps, log?: JobLog): OutboxWorker {
  const worker = new OutboxWorker({
    deps, mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, { connections: 4 }) : undefined, batchSize: 4, from: config.smtpFrom, serverCaps: config.smtpCaps,
    leaseMs: config.workerLeaseMs, pollMs: config.workerPollMs, log,
  });
  worker.start();
  return worker;
}

/**
 * Everything that runs on its own: sending the outbox, queueing morning digests, reading replies,
 * running queued imports, housekeeping (planner statistics, old agenda change rows), push reminders,
 * and search documents' agendas.
 * Safe to run on several instances (claims, unique keys and per-message records keep each thing once).
 */
export function startBackgroundJobs(config: Config, deps: ServiceDeps, log?: JobLog): BackgroundJobs {
  const outbox = startOutboxWorker(config, deps, log);
  const digest = new DigestScheduler({ deps, log });
  digest.start();
  const teamSummary = new TeamSummaryScheduler({ deps, log });
  teamSummary.start();
  const replies = new ReplyWatchers({ deps, log });
  replies.start();
  const imports = startImportWorker(deps, { leaseMs: config.workerLeaseMs, log });
  const housekeeping = new Housekeeping(deps, log);
  housekeeping.start();
  const searchUpkeep = new SearchUpkeep(deps, log);
  searchUpkeep.start();
  const webhooks = new WebhookWorker({ deps, pollMs: config.workerPollMs, log });
  webhooks.start();
  const latePromises = new LatePromiseWatcher(deps, log);
  latePromises.start();
  const subject = vapidSubject({ configured: config.pushSubject, baseUrl: config.baseUrl, smtpFrom: config.smtpFrom });
  const push = new PushWorker({ deps, subject, pollMs: config.workerPollMs, log });
  push.start();
  return {
    webhooks, latePromises, outbox, digest, teamSummary, replies, imports, housekeeping, searchUpkeep, push,
    async stop() {
      await Promise.all([webhooks.stop(), latePromises.stop(), outbox.stop(), digest.stop(), teamSummary.stop(), replies.stop(), imports.stop(), housekeeping.stop(), searchUpkeep.stop(), push.stop()]);
    },
  };
}
