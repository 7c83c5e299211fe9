import { enqueueDueSummaries } from '../services/teamSummary.js';
import { QueueingScheduler, type QueueingSchedulerOptions } from './queueingScheduler.js';

export type TeamSummarySchedulerOptions = QueueingSchedulerOptions;

/** Queues the weekly team summary to owners and admins, Monday 08:00 in each one's zone (team_summaries' key: one per manager and week). */
export class TeamSummaryScheduler extends QueueingScheduler {
  constructor(options: TeamSummarySchedulerOptions) {
    super('team-summary', enqueueDueSummaries, options);
  }
}
