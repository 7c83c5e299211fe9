/** The shape of a playbook as it arrives (API body, stored JSON). Meaning is checked in validate.ts. */

import { z } from 'zod';
import { channels, followUpKinds } from '../types.js';
import {
  anchorFields, branchKeys, exitConditions, recurrenceUnits, stepTypes, waitUnits,
} from './types.js';

const text = (max: number) => z.string().max(max);
const stepId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes');
const target = z.string().min(1).max(64);

export const waitSchema = z.object({
  amount: z.number().int().min(0).max(1000),
  unit: z.enum(waitUnits),
});

export const stepSchema = z.object({
  id: stepId,
  type: z.enum(stepTypes),
  channel: z.enum(channels),
  title: text(200).min(1),
  script: text(10_000).optional(),
  voicemailScript: text(10_000).optional(),
  template: z.object({ subject: text(300).min(1), body: text(20_000).min(1) }).optional(),
  wait: waitSchema,
  branches: z.partialRecord(z.enum(branchKeys), target),
  next: target,
  estimatedMinutes: z.number().min(0).max(1440),
});

const every = z.object({ amount: z.number().int().min(1).max(1000), unit: z.enum(recurrenceUnits) });

export const recurrenceSchema = z.discriminatedUnion('basis', [
  z.object({ basis: z.literal('last-contact'), every }),
  z.object({ basis: z.literal('anchor'), anchor: z.enum(anchorFields), every }),
]);

export const playbookInputSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes'),
  name: text(200).min(1),
  description: text(2000),
  kind: z.enum(followUpKinds),
  steps: z.array(stepSchema).max(100),
  maxTouches: z.number().int().min(1).max(100),
  timeBudgetMinutes: z.number().int().min(1).max(100_000),
  exitOn: z.array(z.enum(exitConditions)),
  recurrence: recurrenceSchema.optional(),
});
export type PlaybookInput = z.infer<typeof playbookInputSchema>;
