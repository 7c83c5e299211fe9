import { z } from 'zod';
import { canBuyValues, channels, interestLevels, relationships } from './vocabulary.js';
import { hhmmSchema, idSchema, instantSchema, localDateSchema, timeZoneSchema } from './common.js';

export const reachableWindowSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  from: hhmmSchema,
  to: hhmmSchema,
});

const text = (max: number) => z.string().trim().max(max);

export const contactInputSchema = z.object({
  name: text(200).min(1),
  email: z.email().max(320).nullish(),
  phone: text(50).nullish(),
  company: text(200).nullish(),
  title: text(200).nullish(),
  timeZone: timeZoneSchema.optional(),
  preferredChannel: z.enum(channels).nullish(),
  reachable: z.array(reachableWindowSchema).max(21).optional(),
  interests: z.array(text(200).min(1)).max(50).optional(),
  buyingProcess: text(2000).nullish(),
  referredBy: text(200).nullish().describe('who introduced them, e.g. "Maria Lopez at Acme"'),
  relationship: z.enum(relationships).optional(),
  interest: z.enum(interestLevels).optional(),
  canBuy: z.enum(canBuyValues).optional(),
  authority: text(200).nullish(),
  notes: text(10000).nullish(),
  customerSince: localDateSchema.nullish(),
  purchaseDate: localDateSchema.nullish(),
  ownerId: idSchema.nullish(),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

export const contactPatchSchema = contactInputSchema.partial();
export type ContactPatch = z.infer<typeof contactPatchSchema>;

export const contactSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  timeZone: z.string(),
  preferredChannel: z.enum(channels).nullable(),
  reachable: z.array(reachableWindowSchema),
  interests: z.array(z.string()),
  buyingProcess: z.string().nullable(),
  referredBy: z.string().nullable().optional(),
  relationship: z.enum(relationships),
  interest: z.enum(interestLevels),
  canBuy: z.enum(canBuyValues),
  authority: z.string().nullable(),
  doNotContact: z.boolean(),
  doNotContactReason: z.string().nullable(),
  doNotContactAt: z.string().nullable(),
  notes: z.string().nullable(),
  customerSince: z.string().nullable(),
  purchaseDate: z.string().nullable().optional(),
  ownerId: z.string().nullable(),
  stalled: z.boolean().optional(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

export const contactListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  relationship: z.enum(relationships).optional(),
  doNotContact: z.enum(['true', 'false']).optional(),
  ownerId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const optOutSchema = z.object({ reason: text(500).min(1).default('opted out') });
export const optInSchema = z.object({ evidence: text(2000).min(1) });
