import { z } from 'zod';
import { channels, followUpKinds, followUpSources, followUpStatuses } from './vocabulary.js';
import { idSchema, instantSchema, localDateSchema, localDateTimeSchema, timeZoneSchema } from './common.js';

export const dueInputSchema = z.union([
  z.object({ at: instantSchema }).strict(),
  z.object({ local: localDateTimeSchema, timeZone: timeZoneSchema.optional() }).strict(),
  z.object({ date: localDateSchema }).strict(),
]).describe('An instant, a wall time in a zone (default: the contact\'s), or an all-day date');

export const followUpInputSchema = z.object({
  due: dueInputSchema,
  channel: z.enum(channels),
  agenda: z.string().trim().max(5000).nullish(),
  progress: z.string().trim().max(5000).nullish(),
  kind: z.enum(followUpKinds).optional(),
  promised: z.boolean().optional(),
});
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

export const createFollowUpSchema = followUpInputSchema.extend({
  contactId: idSchema,
  opportunityId: idSchema.nullish(),
});

export const followUpPatchSchema = z.object({
  due: dueInputSchema.optional(),
  channel: z.enum(channels).optional(),
  agenda: z.string().trim().max(5000).nullish(),
  progress: z.string().trim().max(5000).nullish(),
  status: z.enum(['cancelled', 'skipped']).optional(),
  reason: z.string().trim().max(1000).optional(),
});

export const followUpSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  opportunityId: z.string().nullable(),
  userId: z.string().nullable(),
  kind: z.enum(followUpKinds),
  channel: z.enum(channels),
  dueAt: instantSchema,
  dueLocal: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  agenda: z.string().nullable(),
  progress: z.string().nullable(),
  promised: z.boolean(),
  source: z.enum(followUpSources),
  status: z.enum(followUpStatuses),
  statusReason: z.string().nullable(),
  enrollmentId: z.string().nullable(),
  stepId: z.string().nullable().optional(),
  touchNumber: z.number().int(),
  createdAt: instantSchema,
  doneAt: z.string().nullable(),
  script: z.string().nullable().optional(),
  subject: z.string().nullable().optional(),
  scheduleNote: z.string().nullable().optional().describe('why a playbook step is due when it is: the frequency cap, reachable or quiet hours, or business days moved it'),
  durationMinutes: z.number().int().nullable().optional().describe('how long the call or meeting takes (a booked one: the length the link offered)'),
  bookedByClient: z.boolean().optional().describe('the client chose this time themselves, through a booking link'),
});

export const followUpListQuerySchema = z.object({
  contactId: idSchema.optional(),
  status: z.enum(followUpStatuses).optional(),
  dueBefore: instantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
