import { slackMessageOf } from '../core/slackMessage.js';
import { isAccepted } from '../core/webhookRules.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  claimDueDeliveries, recordDelivered, recordFailed, signingSecrets, type AttemptResult, type ClaimedDelivery, type Recorded,
} from '../services/webhookDelivery.js';
import type { WebhookPayload } from '../services/webhookEvents.js';
import { signedHeaders } from '../services/webhookSignature.js';
import { errorMessage, Repeating } from './repeating.js';
import { postWebhook } from './webhookSender.js';

export interface WebhookWorkerOptions {
  deps: ServiceDeps;
  /** How long a claimed delivery stays ours: well over the 10 s timeout. */
  leaseMs?: number;
  batchSize?: number;
  pollMs?: number;
  /** The jitter's random draw in [0, 1); tests may fix it. */
  random?: () => number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export interface WebhookReport {
  claimed: number;
  delivered: number;
  failed: number;
  stale: number;
}

/**
 * Sends the webhook outbox: claims due deliveries, posts each once per claim (signed per Standard
 * Webhooks, or as Slack's JSON), and records the outcome fenced by the attempt number. Any number of
 * workers and instances may run against one database.
 */
export class WebhookWorker {
  private readonly loop: Repeating;

  constructor(private readonly options: WebhookWorkerOptions) {
    const pollMs = options.pollMs ?? 1000;
    this.loop = new Repeating(
      async () => ((await this.runOnce()).claimed > 0 ? 0 : pollMs),
      (error) => options.log?.('webhooks.error', { error: errorMessage(error) }),
      pollMs,
    );
  }

  async runOnce(): Promise<WebhookReport> {
    const o = this.options;
    const report: WebhookReport = { claimed: 0, delivered: 0, failed: 0, stale: 0 };
    const claimed = await claimDueDeliveries(o.deps, { limit: o.batchSize ?? 8, leaseMs: o.leaseMs ?? 60_000 });
    report.claimed = claimed.length;
    await Promise.all(claimed.map(async (one) => {
      const recorded = await this.send(one, report);
      if (recorded === 'stale') report.stale += 1;
      o.log?.('webhooks.send', { id: one.delivery.id, attempt: one.delivery.attempt, recorded });
    }));
    return report;
  }

  private async send(claimed: ClaimedDelivery, report: WebhookReport): Promise<Recorded> {
    const { deps } = this.options;
    const { delivery, webhook } = claimed;
    const now = deps.clock();
    let body = delivery.payload;
    let headers: Record<string, string> = {};
    if (webhook.format === 'slack') {
      // Slack checks nothing but its secret URL: the body is its JSON, without our signature headers.
      const payload = JSON.parse(delivery.payload) as WebhookPayload;
      body = JSON.stringify(slackMessageOf(payload.type, payload.data));
    } else {
      let secrets: string[];
      try {
        secrets = signingSecrets(deps, webhook, now);
      } catch {
        // Nothing goes out unsigned: the attempt fails (and is retried) like any other, with why.
        return this.failed(claimed, { status: null, cause: 'secret', durationMs: 0 }, report);
      }
      headers = signedHeaders(secrets, delivery.messageId, Math.floor(now / 1000), body);
    }
    const result = await postWebhook(deps, webhook.url, body, headers);
    if (result.status !== null && isAccepted(result.status)) {
      const recorded = await recordDelivered(deps, claimed, result);
      if (recorded === 'recorded') report.delivered += 1;
      return recorded;
    }
    return this.failed(claimed, result, report);
  }

  private async failed(claimed: ClaimedDelivery, result: AttemptResult, report: WebhookReport): Promise<Recorded> {
    const recorded = await recordFailed(this.options.deps, claimed, result, (this.options.random ?? Math.random)());
    if (recorded === 'recorded') report.failed += 1;
    return recorded;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
