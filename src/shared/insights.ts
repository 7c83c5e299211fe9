import { z } from 'zod';
import { channels } from './vocabulary.js';
import { idSchema, instantSchema, localDateSchema } from './common.js';

export const insightsQuerySchema = z.object({
  from: localDateSchema.optional().describe('first local date (your zone), inclusive; default: 89 days before `to`'),
  to: localDateSchema.optional().describe('last local date (your zone), inclusive; default: today'),
  userId: idSchema.optional().describe('one salesperson of the workspace; default: everyone'),
});

const count = z.number().int().min(0);

export const rateSchema = z.object({
  numerator: count,
  denominator: count,
  rate: z.number().min(0).max(1).nullable().describe('numerator / denominator; null when the denominator is 0'),
});
export type RateView = z.infer<typeof rateSchema>;

const touchRatesShape = {
  touches: count.describe('outbound touches counted (the denominator of both rates)'),
  connect: rateSchema.describe('touches that reached the person: result connected or held (a meeting, video or coffee logged without a result was held)'),
  reply: rateSchema.describe('touches with result replied'),
};

export const stalledOpportunitySchema = z.object({
  opportunityId: z.string(),
  title: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  company: z.string().nullable(),
  ownerId: z.string().nullable(),
  touches: count,
  createdAt: z.string(),
  lastTouchAt: z.string().nullable().describe('the contact\'s latest logged touch'),
});

export const insightsSchema = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string().describe('the zone of from/to and of the weeks: the viewer\'s'),
    userId: z.string().nullable(),
    now: instantSchema,
  }),
  promiseKept: rateSchema.extend({
    kept: count.describe('done on the agreed local day (the numerator)'),
    early: count,
    late: count,
    missed: count,
    skipped: count,
    openPastDue: count.describe('still open after the agreed day ended'),
    pending: count.describe('open, agreed day not over: not in the denominator'),
  }).describe('promised follow-ups whose agreed day is in the period'),
  consistency: rateSchema.describe('done follow-ups whose agreed day is in the period, fulfilled through their agreed channel'),
  touchesToClose: z.array(z.object({ touch: z.number().int().min(0), won: count, lost: count }))
    .describe('opportunities closed in the period by the touch they closed on; every touch from 1 to the highest, zeros included'),
  byChannel: z.array(z.object({ channel: z.enum(channels), ...touchRatesShape })).describe('outbound touches in the period; channels with none are left out'),
  byStep: z.array(z.object({
    playbookKey: z.string().nullable(),
    playbookName: z.string().nullable(),
    stepId: z.string(),
    stepTitle: z.string().nullable(),
    ...touchRatesShape,
  })).describe('touches in the period that fulfilled a playbook step\'s follow-up'),
  byHour: z.array(z.object({ hour: z.number().int().min(0).max(23), ...touchRatesShape }))
    .describe('outbound touches by the hour on the contact\'s clock; always 24 rows, 0–23'),
  weekly: z.array(z.object({ week: localDateSchema.describe('the Monday'), promiseKept: rateSchema, consistency: rateSchema }))
    .describe('promise-kept and consistency per week of the agreed day'),
  overdue: z.object({
    count: count.describe('open promised follow-ups past due now (all-day ones once their day is over)'),
    trend: z.array(z.object({ week: localDateSchema, at: instantSchema, count }))
      .describe('promised follow-ups overdue at each week\'s end (or now), from today\'s records'),
  }),
  stalled: z.object({
    count: count.describe('open opportunities whose contact has no open follow-up'),
    openOpportunities: count,
    items: z.array(stalledOpportunitySchema).describe('at most 20, longest without a touch first'),
  }),
});
export type InsightsView = z.infer<typeof insightsSchema>;
