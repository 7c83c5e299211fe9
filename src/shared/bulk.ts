import { z } from 'zod';
import { idSchema } from './common.js';
import { contactFiltersSchema } from './savedViews.js';
import { tagNameSchema } from './tags.js';

/** Which contacts a bulk action is for: chosen one by one, every contact of a saved view, or of a filter. */
export const bulkSelectionSchema = z.strictObject({
  ids: z.array(idSchema).min(1, 'select at least one contact').max(10_000, 'select at most 10,000 contacts at once').optional(),
  viewId: idSchema.optional().describe('every contact the saved view shows'),
  filter: contactFiltersSchema.optional().describe('every contact the filter matches'),
}).refine((s) => [s.ids, s.viewId, s.filter].filter((way) => way !== undefined).length === 1, {
  message: 'choose the contacts one way: by ids, by a saved view or by a filter',
}).describe('the contacts: {ids}, {viewId} or {filter}');
export type BulkSelection = z.infer<typeof bulkSelectionSchema>;

export const bulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('enrol'),
    playbookId: idSchema.optional(),
    playbookKey: z.string().max(100).optional(),
    includeUnqualified: z.boolean().default(false)
      .describe('enrol contacts who cannot buy or have only a passing interest too (skipped otherwise)'),
  }),
  z.strictObject({ type: z.literal('assign'), ownerId: idSchema.describe('the salesperson who will own them') }),
  z.strictObject({ type: z.literal('tag'), tag: tagNameSchema }),
  z.strictObject({ type: z.literal('untag'), tag: tagNameSchema }),
  z.strictObject({ type: z.literal('opt-out'), reason: z.string().trim().min(1, 'say why they opted out').max(500) }),
  z.strictObject({ type: z.literal('export') }),
]).describe('what to do: enrol, assign, tag, untag, opt-out or export');
export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionType = BulkAction['type'];

export const bulkRequestSchema = z.strictObject({
  selection: bulkSelectionSchema,
  action: bulkActionSchema,
  preview: z.boolean().default(false).describe('say who would be acted on and who skipped, changing nothing'),
});
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** Why a contact was left out, as a code and in words. */
export const bulkSkipCodes = [
  'do-not-contact', 'unqualified', 'frequency-cap', 'already-enrolled', 'not-yours', 'not-found', 'no-change',
] as const;
export type BulkSkipCode = (typeof bulkSkipCodes)[number];

const namedContact = z.object({ id: z.string(), name: z.string() });
export const bulkResultSchema = z.object({
  action: z.enum(['enrol', 'assign', 'tag', 'untag', 'opt-out', 'export']),
  preview: z.boolean(),
  selected: z.number().int().describe('contacts in the selection'),
  acted: z.number().int().describe('contacts acted on (or, in a preview, that would be)'),
  skipped: z.number().int(),
  actedOn: z.array(namedContact).describe('the contacts acted on (the first 1,000)'),
  skippedContacts: z.array(namedContact.extend({ code: z.enum(bulkSkipCodes), reason: z.string() })).describe('who was left out and why (the first 1,000)'),
  reasons: z.array(z.object({ code: z.enum(bulkSkipCodes), reason: z.string(), count: z.number().int() }))
    .describe('the skipped, grouped by why'),
  csv: z.string().optional().describe('export: the contacts as CSV (the workspace export\'s columns)'),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** How a skip reason is grouped in words ("3 are do-not-contact"). */
export const bulkSkipHeadings: Record<BulkSkipCode, string> = {
  'do-not-contact': 'do-not-contact',
  unqualified: 'cannot buy or only a passing interest',
  'frequency-cap': 'already contacted as often as the frequency cap allows',
  'already-enrolled': 'already in a playbook',
  'not-yours': 'owned by another salesperson',
  'not-found': 'no longer in this workspace',
  'no-change': 'already so',
};
