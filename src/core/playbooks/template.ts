/** Logic-less merge: {{field}} from a fixed list, nothing else. Unknown fields fail when saved. */

import type { FieldError } from '../errors.js';
import escapeHtml from 'escape-html';

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
  /** A page where the contact books a time themselves, made when the mail is sent. */
  'bookingUrl',
] as const;
export type MergeField = (typeof mergeFields)[number];

/**
 * What {{unsubscribeUrl}} renders as until the mail is sent: the link belongs to the outbox row,
 * which is made later, and the worker puts it in place of this. Readable where the script is shown.
 */
export const UNSUBSCRIBE_LINK_MARKER = '‹unsubscribe link›';
/** What {{bookingUrl}} renders as until the mail is sent, when its booking link is made. */
export const BOOKING_LINK_MARKER = '‹booking link›';
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

export { escapeHtml };

export interface RenderOptions {
  /** Escape the values (not the template) for an HTML body. */
  html?: boolean;
}

/**
 * Fields a message reads whole without: when one is empty, the sentence carrying it is left out
 * rather than filled with filler ("Since then: {{progress}}." says nothing when nothing moved).
 */
const hasValue = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

const optionalFields: ReadonlySet<MergeField> = new Set<MergeField>(['progress', 'lastConversationDate']);

/** Each field in words, and where a salesperson fills it in: for placeholders and "not sent" reasons. */
const fieldWords: Record<MergeField, { name: string; fix: string }> = {
  'contact.firstName': { name: 'the contact’s name', fix: 'add it on the contact’s page' },
  'contact.name': { name: 'the contact’s name', fix: 'add it on the contact’s page' },
  'contact.company': { name: 'the contact’s company', fix: 'add it on the contact’s page' },
  'contact.title': { name: 'the contact’s job title', fix: 'add it on the contact’s page' },
  'contact.interest': { name: 'what the contact cares about', fix: 'add an interest on the contact’s page' },
  agenda: { name: 'the agenda', fix: 'write it on the follow-up' },
  progress: { name: 'the progress to present', fix: 'write it on the follow-up' },
  lastConversationDate: { name: 'the date you last spoke', fix: 'log your last conversation with them' },
  suggestedTimes: { name: 'the suggested times', fix: 'no time in the next weeks suits both your working hours and their reachable hours' },
  'user.name': { name: 'your name', fix: 'add it in Settings → Profile' },
  'user.firstName': { name: 'your name', fix: 'add it in Settings → Profile' },
  'user.phone': { name: 'your phone number', fix: 'add it in Settings → Profile' },
  'user.signature': { name: 'your signature', fix: 'add it in Settings → Profile' },
  'referrer.name': { name: 'who referred them', fix: 'add it as “Referred by” on the contact’s page' },
  'referrer.firstName': { name: 'who referred them', fix: 'add it as “Referred by” on the contact’s page' },
  'product.name': { name: 'your product’s name', fix: 'name your workspace in Settings' },
  purchaseDate: { name: 'the contact’s purchase date', fix: 'add it on the contact’s page' },
  customerSince: { name: 'when they became a customer', fix: 'add it on the contact’s page' },
  customerYears: { name: 'how long they have been a customer', fix: 'add when they became a customer on the contact’s page' },
  'sender.postalAddress': { name: 'your postal address', fix: 'add it in Settings → Workspace rules' },
  unsubscribeUrl: { name: 'the unsubscribe link', fix: 'it is added when the email is sent' },
  bookingUrl: { name: 'the booking link', fix: 'it is added when the email is sent' },
};

/**
 * What an empty field shows instead of a hole: visible in a call script, and recognised by the
 * outbox, which holds an email carrying one until the field is filled.
 */
export function placeholderFor(field: MergeField): string {
  const words = fieldWords[field];
  return `[${words.name} — ${words.fix}]`;
}

/** The fields whose placeholder a rendered text still carries. */
export function placeholdersIn(text: string): MergeField[] {
  return mergeFields.filter((field) => text.includes(placeholderFor(field)));
}

/** Puts values in place of the placeholders of fields that have one now (a phone number added since). */
export function fillPlaceholders(text: string, values: MergeValues): string {
  let filled = text;
  for (const field of placeholdersIn(text)) {
    const value = values[field];
    if (hasValue(value)) filled = filled.replaceAll(placeholderFor(field), value);
  }
  return filled;
}

/** "your phone number is empty — add it in Settings → Profile": an empty field, and where to fill it. */
export function emptyFieldNote(field: MergeField): string {
  return `${fieldWords[field].name} is empty — ${fieldWords[field].fix}`;
}

/** Why a message with empty fields waits, and how to fix it, in one sentence. */
export function notSentReason(fields: readonly MergeField[]): string {
  const notes = new Set(fields.map(emptyFieldNote));
  return `Not sent: ${[...notes].join('; ')}`;
}

/** A field in words ("your phone number"), for previews. */
export const fieldName = (field: MergeField): string => fieldWords[field].name;

const SENTENCE_END = /[.!?]/;
const QUOTES = /["“”'‘’]/;

/** Where the sentence around [start, end) begins and ends, keeping its quotes and a paragraph's breaks. */
function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  while (from > 0) {
    const before = text[from - 1] ?? '';
    if (before === '\n' && (text[from - 2] === '\n' || from - 1 === 0)) break;
    if (/\s/.test(before)) {
      let k = from - 2;
      while (k >= 0 && /["“”'‘’)\]]/.test(text[k] ?? '')) k -= 1;
      if (SENTENCE_END.test(text[k] ?? '')) break;
    }
    from -= 1;
  }
  while (QUOTES.test(text[from] ?? '') || /\s/.test(text[from] ?? '')) from += 1;
  let to = end;
  while (to < text.length && !SENTENCE_END.test(text[to] ?? '') && !(text[to] === '\n' && text[to + 1] === '\n')) to += 1;
  if (SENTENCE_END.test(text[to] ?? '')) to += 1;
  // The space that separated it from the next sentence goes with it.
  const sentenceEnd = to;
  while (text[to] === ' ' || (text[to] === '\n' && text[to + 1] !== '\n' && to + 1 < text.length)) to += 1;
  // Last in its quote or line: the space before it goes instead.
  if (to === sentenceEnd && text[from - 1] === ' ') from -= 1;
  return { from, to };
}

/** The template without the sentences that carry an optional field with no value. */
function withoutEmptyOptionalSentences(text: string, values: MergeValues): string {
  let result = text;
  for (;;) {
    const token = mergeTokens(result).find((t) => isMergeField(t.field) && optionalFields.has(t.field) && !hasValue(values[t.field]));
    if (!token) return result;
    const { from, to } = sentenceAround(result, token.start, token.end);
    result = (result.slice(0, from) + result.slice(to)).replace(/[ \t]+$/gm, '');
  }
}

/**
 * Fills known fields. An empty optional field takes its sentence with it; any other empty field
 * shows its placeholder, never a hole (see placeholdersIn).
 */
export function renderTemplate(text: string, values: MergeValues, options: RenderOptions = {}): string {
  return withoutEmptyOptionalSentences(text, values).replace(TOKEN, (_whole, field: string) => {
    const value = isMergeField(field) ? (hasValue(values[field]) ? values[field] : placeholderFor(field)) : '';
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
