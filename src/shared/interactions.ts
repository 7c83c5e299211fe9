import { z } from 'zod';
import { channels, directions, opportunityStatuses, outcomeTypes, results } from './vocabulary.js';
import { idSchema, instantSchema, localDateSchema, warningSchema } from './common.js';
import { followUpInputSchema, followUpSchema } from './followUps.js';
import { enrollmentMoveSchema } from './playbooks.js';
import { dealFieldsSchema, dealPatchSchema } from './deals.js';
import { customFieldValuesInputSchema, customFieldValuesSchema } from './customFields.js';

export const outcomeInputSchema = z.object({
  type: z.enum(outcomeTypes),
  next: followUpInputSchema.optional(),
  purchaseDate: localDateSchema.optional().describe('with a yes: the date of the purchase (or version), for upgrade reminders'),
});

export const interactionInputSchema = z.object({
  contactId: idSchema,
  channel: z.enum(channels),
  result: z.enum(results).optional(),
  direction: z.enum(directions).optional(),
  occurredAt: instantSchema.optional(),
  notes: z.string().trim().max(20000).nullish(),
  changed: z.string().trim().max(5000).nullish(),
  opportunityId: idSchema.optional(),
  followUpId: idSchema.optional(),
  outcome: outcomeInputSchema.optional(),
  minutes: z.number().int().min(0).max(1440).optional()
    .describe('time the touch took, in minutes (default: the channel\'s usual time, e.g. a call 10, a meeting 60)'),
});
export type InteractionInput = z.infer<typeof interactionInputSchema>;

export const interactionSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  userId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  followUpId: z.string().nullable(),
  channel: z.enum(channels),
  direction: z.enum(directions),
  result: z.enum(results).nullable(),
  occurredAt: instantSchema,
  notes: z.string().nullable(),
  changed: z.string().nullable(),
  outcome: z.enum(outcomeTypes).nullable(),
  touchNumber: z.number().int(),
  createdAt: instantSchema,
  minutes: z.number().int().nullable().optional().describe('time the touch took, in minutes'),
});

export const playbookSuggestionSchema = z.object({
  playbookKey: z.string(),
  name: z.string(),
  reason: z.string().describe('why it is worth enrolling them now, in words'),
});

export const logInteractionResponseSchema = z.object({
  interaction: interactionSchema,
  fulfilled: followUpSchema.nullable(),
  next: followUpSchema.nullable(),
  warnings: z.array(warningSchema),
  enrollments: z.array(enrollmentMoveSchema).optional().describe('what the touch did to the contact\'s playbook series: the step now due and why, or that it ended'),
  suggestions: z.array(playbookSuggestionSchema).optional()
    .describe('after a yes: the after-sale playbooks to enrol the new customer in (service check-in, thank-you), leaving out those they are already in'),
});

export const opportunityInputSchema = z.object({
  contactId: idSchema,
  title: z.string().trim().min(1).max(300),
  amount: dealPatchSchema.shape.amount,
  currency: dealPatchSchema.shape.currency,
  expectedCloseDate: dealPatchSchema.shape.expectedCloseDate,
  customFields: customFieldValuesInputSchema.optional(),
});

export const opportunitySchema = z.object({
  id: z.string(),
  contactId: z.string(),
  ownerId: z.string().nullable(),
  title: z.string(),
  status: z.enum(opportunityStatuses),
  touches: z.number().int(),
  closedOnTouch: z.number().int().nullable(),
  createdAt: instantSchema,
  closedAt: z.string().nullable(),
  stalled: z.boolean(),
  nextFollowUp: followUpSchema.nullable(),
  customFields: customFieldValuesSchema.optional(),
}).extend(dealFieldsSchema.partial().shape);
