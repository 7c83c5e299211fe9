import { z } from 'zod';
import type { Channel } from './vocabulary.js';

/**
 * What a touch usually takes when nobody says otherwise (preparing, doing and noting it): the log
 * dialog shows it and core timeBudget counts it.
 */
export const usualTouchMinutes: Record<Channel, number> = {
  call: 10, voicemail: 3, email: 10, meeting: 60, video: 45, coffee: 60, sms: 2, letter: 15, gift: 15, social: 5, other: 10,
};

/** Seed 003: the time committed to following a contact up, and what has been spent of it. */
export const timeBudgetSchema = z.object({
  spentMinutes: z.number().int().describe('minutes of every touch logged with the contact'),
  budgetMinutes: z.number().int().nullable().describe('the time committed to them; null when no budget is set anywhere'),
  source: z.enum(['contact', 'workspace', 'playbook']).nullable()
    .describe('where the budget comes from: set for the contact, the workspace default, or the playbook they run'),
  remainingMinutes: z.number().int().nullable(),
  spent: z.boolean().describe('the budget is used up: series stop with exitReason time-budget'),
  summary: z.string().describe('one sentence, e.g. "Time spent: 45 min of the 1 h set aside for them."'),
});
export type TimeBudgetView = z.infer<typeof timeBudgetSchema>;
