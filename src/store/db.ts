import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Either the database or an open transaction: store functions work with both. */
export type Db = Kysely<Database> | Transaction<Database>;

export const bool = (value: number): boolean => value === 1;
export const bit = (value: boolean): number => (value ? 1 : 0);

export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** A cursor that cannot be read is treated as the first page's end: an empty result, not a 500. */
export function decodeCursor(cursor: string | undefined, length: number): string[] | null {
  if (!cursor) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string')) return parts as string[];
  } catch {
    // fall through
  }
  return ['\uffff', '\uffff'].slice(0, length);
}

export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
