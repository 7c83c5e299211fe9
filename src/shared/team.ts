import { z } from 'zod';
import { idSchema, instantSchema, listOf, listQuerySchema, localDateSchema } from './common.js';
import { rateSchema } from './insights.js';
import { channels, directions, results } from './vocabulary.js';

/** The manager's view (GET /api/v1/team) and the lists behind each of its figures. */

export const teamQuerySchema = z.object({
  from: localDateSchema.optional().describe('first local date (your zone), inclusive, of the period promises are counted in; default: 89 days before `to`'),
  to: localDateSchema.optional().describe('last local date (your zone), inclusive; default: today'),
});

const count = z.number().int().min(0);

const figuresShape = {
  promisesDue: count.describe('promised follow-ups whose agreed day is in the period'),
  promisesOpen: count.describe('of promisesDue, the ones still open now'),
  late: count.describe('promised follow-ups open and past due now (all-day ones once their day is over): drill down with /late'),
  promiseKept: rateSchema.extend({
    kept: count, early: count, late: count, missed: count, skipped: count, openPastDue: count, pending: count,
  }).describe('kept on the agreed day over promises whose fate is known, as in Insights'),
  consistency: rateSchema.describe('done follow-ups fulfilled through their agreed channel, as in Insights'),
  stalled: count.describe('open opportunities they own whose contact has no open follow-up: /stalled'),
  noNextStep: count.describe('contacts they own, not do-not-contact, with nothing planned: /no-next-step'),
  touches: count.describe('outbound touches they logged this week (Monday 00:00 in their zone until now): /touches'),
};

export const teamMemberRowSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  ...figuresShape,
  touchWeek: localDateSchema.describe('the Monday their week began, in their zone'),
});
export type TeamMemberRow = z.infer<typeof teamMemberRowSchema>;

export const teamSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string().describe('the zone of from/to: the viewer\'s'), now: instantSchema }),
  scope: z.enum(['team', 'self']).describe('team: every member (owners and admins); self: only your own row (members)'),
  members: z.array(teamMemberRowSchema).describe('active members of the workspace, by name'),
  totals: z.object(figuresShape).describe('the rows added up; rates pooled (sums over sums), not averaged'),
});
export type TeamView = z.infer<typeof teamSchema>;

export const teamDrillKinds = ['late', 'stalled', 'no-next-step', 'touches'] as const;
export type TeamDrillKind = (typeof teamDrillKinds)[number];

export const teamDrillParamsSchema = z.object({ userId: idSchema });
export const teamDrillQuerySchema = listQuerySchema;

export const latePromiseSchema = z.object({
  followUpId: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  company: z.string().nullable(),
  channel: z.enum(channels),
  agenda: z.string().nullable(),
  dueAt: instantSchema,
  dueLocal: z.string().describe('the agreed time (or day) on the contact\'s clock'),
  timeZone: z.string(),
  allDay: z.boolean(),
});
export const stalledDealSchema = z.object({
  opportunityId: z.string(),
  title: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  company: z.string().nullable(),
  touches: count,
  createdAt: instantSchema,
});
export const idleContactSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  timeZone: z.string(),
  createdAt: instantSchema,
});
export const teamTouchSchema = z.object({
  interactionId: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  company: z.string().nullable(),
  channel: z.enum(channels),
  direction: z.enum(directions),
  result: z.enum(results).nullable(),
  occurredAt: instantSchema,
});

export const latePromiseListSchema = listOf(latePromiseSchema);
export const stalledDealListSchema = listOf(stalledDealSchema);
export const idleContactListSchema = listOf(idleContactSchema);
export const teamTouchListSchema = listOf(teamTouchSchema);
export type LatePromiseView = z.infer<typeof latePromiseSchema>;
export type StalledDealView = z.infer<typeof stalledDealSchema>;
export type IdleContactView = z.infer<typeof idleContactSchema>;
export type TeamTouchView = z.infer<typeof teamTouchSchema>;
