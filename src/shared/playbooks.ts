import { z } from 'zod';
import { followUpSchema } from './followUps.js';
import { idSchema, instantSchema, warningSchema } from './common.js';

export const enrollmentStatusValues = ['active', 'paused', 'completed', 'exited'] as const;

export const enrollInputSchema = z.object({
  contactId: idSchema,
  playbookKey: z.string().min(1).max(64).optional(),
  playbookId: idSchema.optional(),
  startAt: instantSchema.optional(),
  agreed: z.boolean().optional().describe('the first step is a time the client agreed to: a promise, exempt from the frequency cap'),
}).refine((v) => v.playbookKey !== undefined || v.playbookId !== undefined, { message: 'give playbookKey or playbookId', path: ['playbookKey'] });

export const enrollmentHistoryEntrySchema = z.object({
  at: z.string(),
  event: z.string().describe('start, result, said-no, opted-out, manual-exit, booked, pause, resume or touched'),
  stepId: z.string().nullable(),
  stepTitle: z.string().nullable(),
  result: z.string().nullable(),
  outcome: z.string().nullable(),
  nextStepId: z.string().nullable(),
  nextStepTitle: z.string().nullable(),
  nextDueAt: z.string().nullable(),
  note: z.string().nullable().describe('why the next step was moved from the time its wait gave (frequency cap, reachable or quiet hours, business days)'),
  summary: z.string().describe('the entry in words, dates in the contact\'s zone'),
});

export const enrollmentSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  playbookKey: z.string(),
  playbookId: z.string().nullable(),
  state: z.enum(enrollmentStatusValues),
  exitReason: z.string().nullable(),
  currentStep: z.object({ id: z.string(), title: z.string(), type: z.string(), channel: z.string() }).nullable(),
  nextFollowUp: followUpSchema.nullable(),
  touches: z.number().int(),
  voicemails: z.number().int(),
  emails: z.number().int(),
  spentMinutes: z.number(),
  history: z.array(enrollmentHistoryEntrySchema).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An enrolment as created: with what to know before the series works on the contact (unqualified). */
export const enrolledSchema = enrollmentSchema.extend({
  warnings: z.array(warningSchema).describe('e.g. unqualified: the contact has only a passing interest or cannot buy'),
});

/** What logging a touch did to one of the contact's series: moved on (and when, and why), paused or ended. */
export const enrollmentMoveSchema = z.object({
  enrollmentId: z.string(),
  playbookName: z.string(),
  state: z.enum(enrollmentStatusValues),
  exitReason: z.string().nullable(),
  nextFollowUp: followUpSchema.nullable().describe('the step now waiting; its scheduleNote says why it is due when it is'),
  summary: z.string().describe('in words: "Voicemail series: next, Call again, 15 minutes later, Tue 8 Dec, 10:15 their time."'),
});

export const enrollmentListQuerySchema = z.object({
  contactId: idSchema.optional(),
  status: z.enum(enrollmentStatusValues).optional(),
});

export const coachInputSchema = z.object({
  text: z.string().max(50_000),
  contactId: idSchema.optional(),
  followUpId: idSchema.optional(),
});

export const coachReportSchema = z.object({
  findings: z.array(z.object({ code: z.string(), message: z.string(), start: z.number().int(), end: z.number().int() })),
  suggestedOpener: z.string(),
});
