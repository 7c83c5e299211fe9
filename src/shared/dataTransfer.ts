import { z } from 'zod';
import { contactSchema } from './contacts.js';
import { customFieldSchema } from './customFields.js';
import { followUpSchema } from './followUps.js';
import { interactionSchema, opportunitySchema } from './interactions.js';

/** Data in and out: import of CSV and vCard files, export of the whole workspace. */

export const importFormats = ['csv', 'vcard'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Column mappings for other tools' exports, and for this product's own contacts.csv. */
export const importPresets = ['hubspot', 'pipedrive', 'google', 'followthrough'] as const;
export type ImportPreset = (typeof importPresets)[number];

/** What a CSV column can hold: the contact's fields, and the parts of a name some tools split. */
export const importFields = [
  'name', 'firstName', 'middleName', 'lastName', 'email', 'phone', 'company', 'title', 'timeZone', 'preferredChannel', 'relationship',
  'interest', 'canBuy', 'authority', 'buyingProcess', 'interests', 'reachable', 'notes', 'customerSince', 'purchaseDate', 'doNotContact',
  'doNotContactReason', 'doNotContactAt',
] as const;
export type ImportField = (typeof importFields)[number];

/** What happens to a row whose email (or, failing that, phone) matches an existing contact. */
export const duplicatePolicies = ['skip', 'update', 'merge'] as const;
export type DuplicatePolicy = (typeof duplicatePolicies)[number];

export const importStates = ['running', 'done', 'failed'] as const;
export type ImportState = (typeof importStates)[number];

export const exportFormats = ['json', 'contacts.csv', 'interactions.csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The reason a row was refused because its person was erased: importing them again needs consent. */
export const ERASED_REASON = 'erased contact; needs explicit opt-in';

const flag = z.enum(['true', 'false']).default('false');

export const importQuerySchema = z.object({
  format: z.enum(importFormats).optional().describe('default: from the content type (text/vcard → vcard), else csv'),
  preset: z.enum(importPresets).optional().describe('column mapping; default: detected from the header row'),
  dryRun: flag.describe('report what would happen and change no contact'),
  duplicates: z.enum(duplicatePolicies).default('skip').describe('rows matching a contact by email, then by phone'),
  allowErased: flag.describe('import people who were erased before: only with their explicit opt-in'),
  name: z.string().max(200).optional().describe('the file name, kept in the report'),
  columns: z.string().max(10_000).regex(/^(?:[A-Za-z]*|custom\.[a-z][a-z0-9_]*)(?:,(?:[A-Za-z]*|custom\.[a-z][a-z0-9_]*))*$/, 'expected field names separated by commas').optional()
    .describe('CSV only: the field each column holds, in column order, comma-separated, empty for a column to ignore ' +
      '(e.g. "name,email,,phone,custom.budget" — custom.<key> for a custom field); replaces the preset\'s mapping. A resume must repeat it.'),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const rejectedRowSchema = z.object({
  line: z.number().int().describe('line number in the file where the row (or vCard) starts'),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof rejectedRowSchema>;

export const importAssumptionSchema = z.object({
  line: z.number().int().describe('line number in the file where the row (or vCard) starts'),
  note: z.string().describe('what was assumed to keep the row, e.g. "time zone assumed America/Los_Angeles from UTC offset -08:00"'),
});
export type ImportAssumption = z.infer<typeof importAssumptionSchema>;

export const importReportSchema = z.object({
  id: z.string(),
  state: z.enum(importStates),
  dryRun: z.boolean(),
  format: z.enum(importFormats),
  preset: z.string().nullable().describe('the preset used (given or detected); null for vCard or a generic CSV'),
  duplicates: z.enum(duplicatePolicies),
  allowErased: z.boolean(),
  sourceName: z.string().nullable(),
  total: z.number().int().describe('data rows read so far (the whole file once done)'),
  processed: z.number().int().describe('rows whose outcome is committed: imported + updated + skipped + rejected'),
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(rejectedRowSchema).describe('every rejected row, in file order (the first 10,000; the rest from /imports/{id}/rejected)'),
  rejectedTruncated: z.boolean(),
  assumptions: z.array(importAssumptionSchema).describe('rows imported (or, in a dry run, to be imported) with something assumed, in file order (the first 10,000)'),
  bytesProcessed: z.number().int().describe('bytes of the file committed so far'),
  error: z.string().nullable().describe('why a failed import stopped; committed batches stay, resume continues after them'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importPreviewQuerySchema = z.object({
  format: z.enum(importFormats).optional().describe('default: recognised from the content (BEGIN:VCARD → vcard), else csv'),
  preset: z.enum(importPresets).optional().describe('column mapping; default: detected from the header row'),
  complete: z.enum(['true', 'false']).default('true').describe('false when the body is only the start of the file'),
});

export const importPreviewSchema = z.object({
  format: z.enum(importFormats),
  preset: z.enum(importPresets).nullable().describe('the preset given or recognised from the header row; null for vCard or a generic CSV'),
  columns: z.array(z.object({
    header: z.string(),
    field: z.enum(importFields).nullable().describe('what the column will be read as; null: ignored'),
    customField: z.string().nullable().optional().describe('the custom field (its key) the column will be read as, when it is one (choose it as custom.<key>)'),
    samples: z.array(z.string()).describe('the column\'s values in the first rows'),
  })).describe('CSV: the header row\'s columns in order, with the mapping the import would use'),
  rows: z.number().int().describe('CSV rows or vCards found in the part of the file sent'),
  problem: z.string().nullable().describe('why the file cannot be imported as it is (no column for the name…); null when it can'),
}).describe('What an import would read from the first part of a file, before any row is imported');
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importCreatedSchema = z.object({ id: z.string() });

export const rejectedPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  cursor: z.string().max(200).optional().describe('the line after which to continue'),
});

export const consentExportSchema = z.object({
  id: z.string(), contactId: z.string(), userId: z.string().nullable(), kind: z.string(), detail: z.string(), createdAt: z.string(),
});

export const playbookExportSchema = z.object({
  id: z.string(), key: z.string(), name: z.string(), definition: z.unknown(), createdAt: z.string(), updatedAt: z.string(),
});

export const enrollmentExportSchema = z.object({
  id: z.string(), contactId: z.string(), userId: z.string().nullable(), playbookKey: z.string(), playbookId: z.string().nullable(),
  status: z.string(), exitReason: z.string().nullable(), state: z.unknown(), createdAt: z.string(), updatedAt: z.string(),
});

export const workspaceExportSchema = z.object({
  format: z.literal('followthrough-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string(), timeZone: z.string() })),
  customFields: z.array(customFieldSchema).optional().describe('the workspace\'s custom field definitions; each contact and opportunity carries its values'),
  contacts: z.array(contactSchema),
  interactions: z.array(interactionSchema),
  followUps: z.array(followUpSchema),
  opportunities: z.array(opportunitySchema),
  playbooks: z.array(playbookExportSchema),
  consentRecords: z.array(consentExportSchema),
  enrollments: z.array(enrollmentExportSchema),
}).describe('The whole workspace, streamed as one JSON document');
