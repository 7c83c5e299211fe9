import type { BulkSkipCode } from '../shared/bulk.js';
import { bulkSkipHeadings } from '../shared/bulk.js';
import type { Role } from '../shared/vocabulary.js';

export interface BulkSkip {
  id: string;
  name: string;
  code: BulkSkipCode;
  reason: string;
}

/**
 * A bulk action reaches many contacts at once, so a member's reaches only their own and those nobody
 * owns: a colleague's contacts are theirs to work (an admin or owner acts on every contact). One by
 * one, a member still works any contact of the workspace.
 */
export function bulkRefusal(role: Role, userId: string, ownerId: string | null): string | null {
  if (role !== 'member' || ownerId === null || ownerId === userId) return null;
  return 'owned by another salesperson: only they, an admin or an owner can act on them in bulk';
}

/** The skipped contacts grouped by why, the largest group first. */
export function groupSkips(skips: readonly BulkSkip[]): { code: BulkSkipCode; reason: string; count: number }[] {
  const counts = new Map<BulkSkipCode, number>();
  for (const skip of skips) counts.set(skip.code, (counts.get(skip.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, reason: bulkSkipHeadings[code], count })).sort((a, b) => b.count - a.count);
}
