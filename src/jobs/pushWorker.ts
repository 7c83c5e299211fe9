/**
 * Sends push reminders: claims what is due (services/pushDelivery.ts), words it (core/pushReminders),
 * has web-push sign it (VAPID, RFC 8292) and encrypt it (aes128gcm, RFC 8291), posts it, and records
 * the push service's answer fenced by the attempt. Safe on several instances at once.
 */
import webpush from 'web-push';
import { reminderPayload, topicOf, ttlSeconds, verdictOf } from '../core/pushReminders.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  claimDueReminders, recordPushFailed, recordPushGone, recordPushRetry, recordPushSent, recordPushUnknown, releasePushUnsent, type ClaimedPush, type Recorded,
} from '../services/pushDelivery.js';
import { vapidKeys, type VapidKeys } from '../services/pushKeys.js';
import { postPush } from './pushTransport.js';
import { errorMessage, Repeating } from './repeating.js';

export interface PushWorkerOptions {
  deps: ServiceDeps;
  /** The VAPID `sub` claim (core/pushReminders vapidSubject). */
  subject: string;
  /** How long a claimed reminder stays this worker's; a send must finish well inside it. */
  leaseMs?: number;
  /** Reminders claimed per round and sent in parallel (a crash leaves at most this many `unknown`). */
  batchSize?: number;
  pollMs?: number;
  /** How long to wait for a push service's answer. */
  timeoutMs?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface PushReport {
  claimed: number;
  sent: number;
  gone: number;
  retried: number;
  failed: number;
  unknown: number;
  stale: number;
}

export class PushWorker {
  readonly leaseMs: number;
  private readonly loop: Repeating;
  private keys: VapidKeys | null = null;

  constructor(private readonly options: PushWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    const pollMs = options.pollMs ?? 1000;
    this.loop = new Repeating(
      async () => ((await this.runOnce()).claimed > 0 ? 0 : pollMs),
      (error) => options.log?.('push.error', { error: errorMessage(error) }),
      pollMs,
    );
  }

  /** One claim and its sends. Without SECRETS_KEY there are no keys to sign with, and nothing is claimed. */
  async runOnce(): Promise<PushReport> {
    const report: PushReport = { claimed: 0, sent: 0, gone: 0, retried: 0, failed: 0, unknown: 0, stale: 0 };
    const o = this.options;
    this.keys ??= await vapidKeys(o.deps);
    const keys = this.keys;
    if (!keys) return report;
    const claimed = await claimDueReminders(o.deps, { limit: o.batchSize ?? 8, leaseMs: this.leaseMs });
    report.claimed = claimed.length;
    await Promise.all(claimed.map(async (push) => {
      const recorded = await this.send(push, keys, report);
      if (recorded === 'stale') report.stale += 1;
    }));
    return report;
  }

  private async send(push: ClaimedPush, keys: VapidKeys, report: PushReport): Promise<Recorded> {
    const o = this.options;
    const now = o.deps.clock();
    // A lease about to run out could be declared `unknown` mid-send: give the row back unsent instead.
    if (now > Date.parse(push.leaseUntil) - this.leaseMs / 3) return releasePushUnsent(o.deps, push);
    let details: webpush.RequestDetails;
    try {
      details = webpush.generateRequestDetails(
        { endpoint: push.subscription.endpoint, keys: { p256dh: push.subscription.p256dh, auth: push.subscription.auth } },
        JSON.stringify(reminderPayload(push.facts, o.deps.baseUrl)),
        {
          vapidDetails: { subject: o.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: ttlSeconds(push.facts.dueAtMs, now), topic: topicOf(push.facts.followUpId), urgency: 'high', contentEncoding: 'aes128gcm',
        },
      );
    } catch (error) {
      // A subscription whose keys do not work (web-push refused to encrypt for them) never will.
      report.failed += 1;
      return recordPushFailed(o.deps, push, `could not encrypt for this subscription: ${errorMessage(error)}`.slice(0, 300));
    }
    const response = await postPush(o.deps, details, { timeoutMs: o.timeoutMs ?? 30_000 });
    let recorded: Recorded;
    if (response.kind === 'unknown') {
      recorded = await recordPushUnknown(o.deps, push, response.error);
      report.unknown += 1;
    } else if (response.kind === 'not-sent') {
      recorded = response.refused ? await recordPushFailed(o.deps, push, response.error) : await recordPushRetry(o.deps, push, response.error);
      report.retried += 1;
    } else {
      const verdict = verdictOf(response.status);
      if (verdict === 'sent') {
        recorded = await recordPushSent(o.deps, push);
        report.sent += 1;
      } else if (verdict === 'gone') {
        recorded = await recordPushGone(o.deps, push, response.status);
        report.gone += 1;
      } else if (verdict === 'retry') {
        recorded = await recordPushRetry(o.deps, push, `the push service answered ${response.status}`);
        report.retried += 1;
      } else {
        recorded = await recordPushFailed(o.deps, push, `the push service refused the reminder (${response.status})`);
        report.failed += 1;
      }
    }
    o.log?.('push.send', { id: push.id, attempt: push.attempt, outcome: response.kind === 'answered' ? response.status : response.kind, recorded });
    return recorded;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
