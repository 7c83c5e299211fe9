/**
 * The one search box (issue 16 item 4): what a typed query means, on both databases.
 *
 * A query is words, each matched as the start of a word ("ann" finds "Annelies"), all of which must
 * be found somewhere in the contact, with accents and case ignored. A query made only of a phone
 * number's characters is one phone fragment instead: its digits are found anywhere in the number, and a
 * leading 0 (the national trunk prefix) may stand for the country code ("0612" finds "+31 6 12…").
 * Every term is reduced to letters and digits here, so no punctuation a person types can reach the
 * database's query syntax.
 */

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;
const MIN_PHONE_DIGITS = 3;

export interface SearchQuery {
  /** Folded words, each matched as a word prefix; all must match. */
  words: string[];
  /** A phone fragment's digits, and the same without its leading zeros: either may match. */
  phone: string[];
}

/** Lower case, accents dropped: "Zoë Ångström" → "zoe angstrom". The same fold the indexes apply. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text as the search indexes split it: runs of letters and digits. */
export function wordsOf(text: string): string[] {
  return foldText(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * What a typed query asks for, or null when it is no search at all (empty or blank). A query of only
 * punctuation asks for something no contact has: it has no terms, and finds no one.
 */
export function parseSearch(q: string | null | undefined): SearchQuery | null {
  const trimmed = (q ?? '').trim();
  if (trimmed === '') return null;
  if (/^\+?[\d\s().\-/]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '').slice(0, MAX_TERM_LENGTH);
    if (digits.length >= MIN_PHONE_DIGITS) {
      const national = digits.replace(/^0+/, '');
      return { words: [], phone: national !== digits && national.length >= MIN_PHONE_DIGITS ? [digits, national] : [digits] };
    }
  }
  const words = [...new Set(wordsOf(trimmed).map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS);
  return { words, phone: [] };
}

/** True when a query has no term to look for (only punctuation): it finds no one. */
export const findsNoOne = (search: SearchQuery): boolean => search.words.length === 0 && search.phone.length === 0;

/** The query as an SQLite FTS5 expression: every term a quoted prefix, so nothing in it is an operator. */
export function ftsExpression(search: SearchQuery): string {
  const quoted = (term: string) => `"${term.replace(/"/g, '""')}"*`;
  const parts = search.words.map(quoted);
  if (search.phone.length > 0) parts.push(`(${search.phone.map(quoted).join(' OR ')})`);
  return parts.join(' AND ');
}

/** The query as PostgreSQL tsquery text: every term a quoted prefix lexeme. */
export function tsQueryExpression(search: SearchQuery): string {
  const quoted = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;
  const parts = search.words.map(quoted);
  if (search.phone.length > 0) parts.push(`(${search.phone.map(quoted).join(' | ')})`);
  return parts.join(' & ');
}

/** The digits of a phone number, and each tail of them three digits or longer: what a fragment is matched against. */
export function phoneTerms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  const tails: string[] = [];
  for (let start = 0; digits.length - start >= MIN_PHONE_DIGITS; start++) tails.push(digits.slice(start));
  return tails;
}

export interface SearchableText {
  company: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  agenda: string | null;
}

const SNIPPET_WORDS_BEFORE = 4;
const SNIPPET_WORDS_AFTER = 6;

/**
 * Where a hit matched, when not in its name (a list shows the name already): the first field, in
 * order of weight, holding a match, with a few words around it, e.g. "notes: …the budget in March…".
 */
export function matchSnippet(fields: SearchableText, search: SearchQuery): string | null {
  if (search.phone.length > 0) {
    return fields.phone && phoneTerms(fields.phone).some((t) => search.phone.some((p) => t.startsWith(p))) ? `phone: ${fields.phone}` : null;
  }
  const order: (keyof SearchableText)[] = ['company', 'email', 'phone', 'notes', 'agenda'];
  for (const field of order) {
    const text = fields[field];
    if (!text) continue;
    const pieces = text.split(/\s+/).filter((p) => p.length > 0);
    const at = pieces.findIndex((piece) => wordsOf(piece).some((w) => search.words.some((s) => w.startsWith(s))));
    if (at < 0) continue;
    const from = Math.max(0, at - SNIPPET_WORDS_BEFORE);
    const to = Math.min(pieces.length, at + SNIPPET_WORDS_AFTER + 1);
    const excerpt = `${from > 0 ? '…' : ''}${pieces.slice(from, to).join(' ')}${to < pieces.length ? '…' : ''}`;
    return `${field}: ${excerpt}`;
  }
  return null;
}
