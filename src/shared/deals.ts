/**
 * Deals with value (issue 16 item 1): a workspace's stages, a deal's value and stage, the board by
 * stage and the weighted forecast. The contract is ../shared/API.md "Deals".
 */
import { z } from 'zod';
import { idSchema, localDateSchema } from './common.js';
import { followUpInputSchema } from './followUps.js';
import { customFieldValuesInputSchema } from './customFields.js';
import { channels } from './vocabulary.js';

export const stageKinds = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof stageKinds)[number];

/** A deal's currency when none was chosen. */
export const DEFAULT_CURRENCY = 'EUR';
/** Won and lost deals stay on the board this long after they closed. */
export const BOARD_CLOSED_DAYS = 30;
/** The most minor units an amount may hold (100 billion in a two-decimal currency). */
export const MAX_AMOUNT = 10_000_000_000_000;

export const stageSchema = z.object({
  id: idSchema,
  name: z.string(),
  position: z.number().int(),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(stageKinds),
  deals: z.number().int().describe('deals in this stage now'),
});
export type Stage = z.infer<typeof stageSchema>;

export const stageInputSchema = z.object({
  id: idSchema.optional().describe('an existing stage to keep (renamed, moved, re-weighted); leave out to add one'),
  name: z.string().trim().min(1, 'give the stage a name').max(60),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(stageKinds).default('open'),
}).strict();
export type StageInput = z.infer<typeof stageInputSchema>;

export const stagesInputSchema = z.object({
  stages: z.array(stageInputSchema).min(3).max(30).describe('the whole ordered list: at least one open stage, exactly one won and one lost'),
  moveDealsTo: z.record(idSchema, idSchema).optional()
    .describe('for each removed stage that still holds deals: the id of a kept stage its deals go to'),
}).strict();
export type StagesInput = z.infer<typeof stagesInputSchema>;

export const stageListSchema = z.object({ items: z.array(stageSchema) });

const currencySchema = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'expected a three-letter currency code such as EUR');

export const dealPatchSchema = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  stageId: idSchema.optional(),
  amount: z.number().int('use whole minor units (cents)').min(0).max(MAX_AMOUNT).nullable().optional()
    .describe('integer minor units, e.g. cents: 1250000 is 12,500.00'),
  currency: currencySchema.optional().describe('ISO 4217 code'),
  expectedCloseDate: localDateSchema.nullable().optional(),
  nextStep: followUpInputSchema.optional().describe('the next step agreed with the contact, created with the move'),
  withoutNextStep: z.boolean().optional().describe('move a deal with no agreed next step anyway'),
  customFields: customFieldValuesInputSchema.optional(),
}).strict();
export type DealPatch = z.infer<typeof dealPatchSchema>;

/** The deal fields every opportunity response carries. */
export const dealFieldsSchema = z.object({
  stage: z.object({ id: z.string(), name: z.string(), probability: z.number().int(), kind: z.enum(stageKinds) }).nullable(),
  amount: z.number().int().nullable(),
  currency: z.string(),
  expectedCloseDate: z.string().nullable(),
  weightedAmount: z.number().int().nullable().describe('amount × the stage probability, in minor units'),
});
export type DealFields = z.infer<typeof dealFieldsSchema>;

export const boardCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  contactTimeZone: z.string().describe('the contact\'s zone: a next step is agreed in their time'),
  company: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string(),
  expectedCloseDate: z.string().nullable(),
  status: z.enum(stageKinds),
  closedAt: z.string().nullable(),
  nextStep: z.object({ id: z.string(), dueAt: z.string(), dueLocal: z.string(), allDay: z.boolean(), channel: z.enum(channels), agenda: z.string().nullable() }).nullable(),
  stalled: z.boolean().describe('an open deal with no agreed next step'),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

export const boardColumnSchema = z.object({
  stage: stageSchema.omit({ deals: true }),
  count: z.number().int().describe('deals in the column (won and lost: closed in the last 30 days)'),
  totals: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
  cards: z.array(boardCardSchema).describe('at most 200'),
});
export const boardSchema = z.object({ columns: z.array(boardColumnSchema), closedDays: z.number().int() });
export type Board = z.infer<typeof boardSchema>;

const moneySchema = z.object({ currency: z.string(), amount: z.number().int(), weighted: z.number().int(), count: z.number().int() });
export const forecastMonthSchema = z.object({
  month: z.string().describe('YYYY-MM'),
  count: z.number().int(),
  totals: z.array(moneySchema),
});
export const forecastSchema = z.object({
  months: z.array(forecastMonthSchema),
  overdue: forecastMonthSchema.omit({ month: true }).describe('open deals whose expected close date has passed'),
  undated: z.object({ count: z.number().int() }).describe('open deals with no expected close date'),
});
export type Forecast = z.infer<typeof forecastSchema>;
export const forecastQuerySchema = z.object({ months: z.coerce.number().int().min(1).max(24).default(6) });
