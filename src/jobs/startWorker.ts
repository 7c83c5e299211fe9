import type { Config } from '../config.js';
import { smtpMailer } from '../mail/smtp.js';
import type { ServiceDeps } from '../services/deps.js';
import { OutboxWorker } from './worker.js';

/**
 * The outbox worker as configured: it sends through each user's or workspace's stored mailbox, and
 * through SMTP_URL (when set) for mail that has none.
 */
export function startOutboxWorker(config: Config, deps: ServiceDeps, log?: (event: string, detail: Record<string, unknown>) => void): OutboxWorker {
  const worker = new OutboxWorker({
    deps, mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, { connections: 4 }) : undefined, batchSize: 4, from: config.smtpFrom,
    leaseMs: config.workerLeaseMs, pollMs: config.workerPollMs, log,
  });
  worker.start();
  return worker;
}
