import { z } from 'zod';
import { contactNextStepFilters, contactSorts } from './contacts.js';
import { ownerFilterSchema } from './ownerFilter.js';
import { tagNameSchema } from './tags.js';
import { relationships } from './vocabulary.js';

export const viewSorts = contactSorts;
export type ViewSort = (typeof viewSorts)[number];

/** The columns a contacts view can show, in the order the web app offers them. */
export const viewColumns = ['company', 'email', 'phone', 'owner', 'relationship', 'tags', 'lastTouch', 'nextStep', 'created'] as const;
export type ViewColumn = (typeof viewColumns)[number];
export const defaultViewColumns: ViewColumn[] = ['company', 'relationship', 'tags', 'nextStep'];


/** The contact filters a view saves and a bulk action selects by (the contacts list's query, as JSON). */
export const contactFiltersSchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('search words'),
  tag: z.array(tagNameSchema).max(10).optional().describe('tags the contacts all wear'),
  owner: ownerFilterSchema.optional(),
  relationship: z.enum(relationships).optional(),
  nextStep: z.enum(contactNextStepFilters).optional(),
  doNotContact: z.boolean().optional().describe('do-not-contact (true) or not (false)'),
  customFields: z.record(z.string().max(100), z.string().max(200)).optional()
    .describe('custom field filters, passed to the contacts list as they are'),
});
export type ContactFilters = z.infer<typeof contactFiltersSchema>;

export const viewDefinitionSchema = z.strictObject({
  filters: contactFiltersSchema.default({}),
  sort: z.enum(viewSorts).default('name'),
  columns: z.array(z.enum(viewColumns)).max(viewColumns.length).default(defaultViewColumns),
});
export type ViewDefinition = z.infer<typeof viewDefinitionSchema>;

const viewName = z.string().trim().min(1, 'a view needs a name').max(80, 'a view name is at most 80 characters');

export const savedViewInputSchema = z.strictObject({
  name: viewName,
  shared: z.boolean().default(false).describe('shared with the workspace (true) or yours alone (false)'),
  definition: viewDefinitionSchema,
});
export const savedViewPatchSchema = z.strictObject({
  name: viewName.optional(),
  shared: z.boolean().optional(),
  definition: viewDefinitionSchema.optional(),
});
export type SavedViewInput = z.infer<typeof savedViewInputSchema>;
export type SavedViewPatch = z.infer<typeof savedViewPatchSchema>;

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  ownerId: z.string().describe('who saved it'),
  mine: z.boolean().describe('saved by the caller'),
  editable: z.boolean().describe('the caller may rename, change or delete it (its owner, or an admin or owner)'),
  definition: viewDefinitionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;
