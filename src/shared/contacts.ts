import { z } from 'zod';
import { canBuyValues, channels, interestLevels, relationships } from './vocabulary.js';
import { hhmmSchema, idSchema, instantSchema, localDateSchema, timeZoneSchema } from './common.js';
import { customFieldValuesInputSchema, customFieldValuesSchema } from './customFields.js';
import { ownerFilterSchema } from './ownerFilter.js';
import { tagNameSchema } from './tags.js';

export const reachableWindowSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  from: hhmmSchema,
  to: hhmmSchema,
});

export const contactNextStepFilters = ['none', 'stalled'] as const;
export type ContactNextStepFilter = (typeof contactNextStepFilters)[number];

/** How a contacts list is ordered: by name, newest first, last touched first, or soonest next step first. */
export const contactSorts = ['name', 'created', 'lastTouch', 'nextDue'] as const;
export type ContactSort = (typeof contactSorts)[number];

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
  timeBudgetMinutes: z.number().int().min(1).max(100_000).nullish()
    .describe('minutes you commit to following them up (null: the workspace\'s default, else their playbook\'s)'),
  customFields: customFieldValuesInputSchema.optional(),
  tags: z.array(tagNameSchema).max(50).optional().describe('the contact\'s tags (on an edit: all of them, replacing the old)'),
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
  timeBudgetMinutes: z.number().int().nullable().optional().describe('the time budget set for this contact, if any'),
  timeSpentMinutes: z.number().int().optional().describe('minutes of every touch logged with them'),
  stalled: z.boolean().optional().describe('an open opportunity with no open follow-up (in lists)'),
  noNextStep: z.boolean().optional().describe('nothing planned with a contact we may contact (in lists)'),
  lastTouchAt: z.string().nullable().optional().describe('the latest touch either way, if any (in lists)'),
  silent: z.boolean().optional().describe('untouched for longer than the relationship\'s maximum silence (in lists)'),
  silentSince: z.string().nullable().optional().describe('when the silence began: the last touch, or when they were added'),
  match: z.string().nullable().optional().describe('with ?q=: where the search matched when not in the name, e.g. "notes: …budget in March…"'),
  customFields: customFieldValuesSchema.optional(),
  tags: z.array(z.string()).optional().describe('the contact\'s tags'),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

export const contactListQuerySchema = z.object({
  q: z.string().max(200).optional()
    .describe('search names, companies, emails, phones (any part of the number), notes and agendas; word starts, accents ignored; ranked best first, and the cursor then pages by rank'),
  relationship: z.enum(relationships).optional(),
  doNotContact: z.enum(['true', 'false']).optional(),
  ownerId: idSchema.optional(),
  owner: ownerFilterSchema.optional(),
  tag: z.union([tagNameSchema, z.array(tagNameSchema).max(10)]).optional().describe('a tag the contacts wear; repeat it for contacts wearing every one'),
  nextStep: z.enum(contactNextStepFilters).optional().describe('none: nothing planned (do-not-contact left out); stalled: an open opportunity with nothing planned'),
  silent: z.enum(['true', 'false']).optional().describe('untouched for longer than the relationship\'s maximum silence (workspace settings)'),
  sort: z.enum(contactSorts).optional().describe('name (the default), created (newest first), lastTouch (last touched first) or nextDue (soonest open follow-up first); a search is ranked instead'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

/** How many contacts need attention: Today's counts, each the total of the matching contacts list. */
export const contactAttentionSchema = z.object({
  noNextStep: z.number().int().describe('contacts with nothing planned (do-not-contact left out): ?nextStep=none'),
  stalled: z.number().int().describe('contacts with an open opportunity and nothing planned: ?nextStep=stalled'),
  silent: z.number().int().describe('contacts untouched longer than their relationship allows: ?silent=true'),
});
export type ContactAttention = z.infer<typeof contactAttentionSchema>;

export const optOutSchema = z.object({ reason: text(500).min(1).default('opted out') });
export const optInSchema = z.object({ evidence: text(2000).min(1) });
