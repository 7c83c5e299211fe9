import { enqueueDueDigests } from '../services/digest.js';
import { QueueingScheduler, type QueueingSchedulerOptions } from './queueingScheduler.js';

export type DigestSchedulerOptions = QueueingSchedulerOptions;

/** Queues morning digests as users' working days start (the digests table's key: one per user and day). */
export class DigestScheduler extends QueueingScheduler {
  constructor(options: DigestSchedulerOptions) {
    super('digest', enqueueDueDigests, options);
  }
}
