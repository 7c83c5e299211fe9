/** Logic-less merge: {{field}} from a fixed list, nothing else. Unknown fields fail when saved. */

import type { FieldError } from '../errors.js';

export const mergeFields = [
  'contact.firstName',
  'contact.name',
  'contact.company',
  'contact.title',
  /** The first thing the contact told us they care about. */
  'contact.interest',
  'agenda',
  'progress',
  'lastConversationDate',
  'suggestedTimes',
  'user.name',
  'user.firstName',
  'user.phone',
  'user.signature',
  'referrer.name',
  'referrer.firstName',
  'product.name',
  'purchaseDate',
  'customerSince',
  'customerYears',
  /** The workspace's postal address (Settings → Workspace rules); automated mail must carry it. */
  'sender.postalAddress',
  /** The contact's one-click unsubscribe page, filled in when the mail is sent. */
  'unsubscribeUrl',
] as const;
export type MergeField = (typeof mergeFields)[number];

/**
 * What {{unsubscribeUrl}} renders as until the mail is sent: the link belongs to the outbox row,
 * which is made later, and the worker puts it in place of this. Readable where the script is shown.
 */
export const UNSUBSCRIBE_LINK_MARKER = '‹unsubscribe link›';
export type MergeValues = Partial<Record<MergeField, string>>;

const known: ReadonlySet<string> = new Set(mergeFields);

export function isMergeField(name: string): name is MergeField {
  return known.has(name);
}

export interface MergeToken {
  field: string;
  start: number;
  end: number;
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function mergeTokens(text: string): MergeToken[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ field: m[1] ?? '', start: m.index, end: m.index + m[0].length }));
}

/** Every problem with a template's merge fields, each at `path`. */
export function templateErrors(text: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const token of mergeTokens(text)) {
    if (!isMergeField(token.field)) {
      errors.push({ path, message: `unknown merge field {{${token.field}}}; known fields: ${mergeFields.join(', ')}` });
    }
  }
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) errors.push({ path, message: 'has an unclosed {{ or a stray }}' });
  return errors;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface RenderOptions {
  /** Escape the values (not the template) for an HTML body. */
  html?: boolean;
}

/** Fills known fields; a field without a value becomes empty (see missingFields). */
export function renderTemplate(text: string, values: MergeValues, options: RenderOptions = {}): string {
  return text.replace(TOKEN, (_whole, field: string) => {
    const value = isMergeField(field) ? values[field] ?? '' : '';
    return options.html ? escapeHtml(value) : value;
  });
}

/** The template's fields that have no value, so a caller can warn before sending. */
export function missingFields(text: string, values: MergeValues): MergeField[] {
  const missing = new Set<MergeField>();
  for (const { field } of mergeTokens(text)) {
    if (isMergeField(field) && !values[field]) missing.add(field);
  }
  return [...missing];
}
