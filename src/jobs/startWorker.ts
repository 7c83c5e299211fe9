import type { Config } from '../config.js';
import { smtpMailer } from '../mail/smtp.js';
import type { ServiceDeps } from '../services/deps.js';
import { OutboxWorker } from './worker.js';

/** The outbox worker as configured by the environment; null when no SMTP server is set. */
export function startOutboxWorker(config: Config, deps: ServiceDeps, log?: (event: string, detail: Record<string, unknown>) => void): OutboxWorker | null {
  if (!config.smtpUrl) return null;
  const worker = new OutboxWorker({
    deps, mailer: smtpMailer(config.smtpUrl, { connections: 4 }), batchSize: 4, from: config.smtpFrom, leaseMs: config.workerLeaseMs, pollMs: config.workerPollMs, log,
  });
  worker.start();
  return worker;
}
