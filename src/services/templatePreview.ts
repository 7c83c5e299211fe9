import { emptyFieldNote, fieldName, isMergeField, mergeTokens, type MergeField, type MergeValues } from '../core/playbooks/template.js';
import { requireContact } from './guards.js';
import type { Actor, ServiceDeps } from './deps.js';
import { senderValuesFor, standingValuesFor } from './mergeValues.js';

/** Fields filled in for each step from its follow-up, the moment or the outbox: no value to show ahead of time. */
const perStep: ReadonlySet<MergeField> = new Set<MergeField>(['agenda', 'progress', 'lastConversationDate', 'suggestedTimes', 'customerYears', 'unsubscribeUrl', 'bookingUrl']);
/** Followthrough records no referrer: these are always empty. */
const neverRecorded: ReadonlySet<MergeField> = new Set<MergeField>(['referrer.name', 'referrer.firstName']);

export interface FieldPreview {
  field: MergeField;
  /** The field in words ("your phone number"). */
  name: string;
  /** What it becomes now: null when it is filled in per contact or per step. */
  value: string | null;
  /** Where the value comes from when it is not known ahead of time, or why it is empty. */
  note: string | null;
}

export interface TemplatePreview {
  fields: FieldPreview[];
  /** Each empty field in one sentence: what it is and where to fill it in. */
  warnings: string[];
}

/**
 * The values a template's merge fields will take when it is used by this user (and, when named, for
 * this contact), so the editor can show them and warn before a message goes out with a field empty.
 */
export async function previewTemplate(deps: ServiceDeps, actor: Actor, input: { text: string; contactId?: string | undefined }): Promise<TemplatePreview> {
  const contact = input.contactId ? await requireContact(deps.store.db, actor, input.contactId) : null;
  const known: MergeValues = contact ? standingValuesFor(actor, contact) : senderValuesFor(actor);
  const used = [...new Set(mergeTokens(input.text).map((t) => t.field).filter(isMergeField))];
  const fields: FieldPreview[] = [];
  const warnings: string[] = [];
  for (const field of used) {
    const name = fieldName(field);
    if (field === 'progress') {
      fields.push({ field, name, value: null, note: 'from the follow-up; when it has none, the sentence that carries it is left out' });
    } else if (perStep.has(field)) {
      fields.push({ field, name, value: null, note: 'filled in for each step' });
    } else if (neverRecorded.has(field) || known[field] === '') {
      fields.push({ field, name, value: '', note: emptyFieldNote(field) });
      warnings.push(`{{${field}}}: ${emptyFieldNote(field)}. Until then, emails that use it wait in the Outbox and scripts show a reminder where it goes.`);
    } else if (known[field] === undefined) {
      fields.push({ field, name, value: null, note: 'from each contact' });
    } else {
      fields.push({ field, name, value: known[field] ?? null, note: null });
    }
  }
  return { fields, warnings };
}
