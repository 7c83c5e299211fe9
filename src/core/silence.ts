import type { Relationship } from '../shared/vocabulary.js';
import { formatInstant } from './time.js';

/** The longest a relationship may go without a touch, in days (seed 004: don't wait too long). */
export type MaxSilenceDays = Record<Relationship, number>;

export const defaultMaxSilenceDays: MaxSilenceDays = { prospect: 30, customer: 90, 'referral-source': 90, partner: 60 };

const DAY_MS = 86_400_000;

/** A workspace's own limits over the defaults, relationship by relationship. */
export function maxSilenceDaysOf(overrides: Partial<MaxSilenceDays> | null | undefined): MaxSilenceDays {
  return { ...defaultMaxSilenceDays, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, days]) => days !== undefined)) };
}

/** When the silence began: the last touch either way, or when the contact was added if never touched. */
export function silentSince(lastTouchAt: string | null, createdAt: string): string {
  return lastTouchAt ?? createdAt;
}

/**
 * Per relationship, the instant before which a silence is too long. Instants share one format, so the
 * store compares them as text on both dialects exactly as isSilent compares them here.
 */
export function silenceCutoffs(nowMs: number, max: MaxSilenceDays): Record<Relationship, string> {
  const cutoff = (days: number) => formatInstant(nowMs - days * DAY_MS);
  return { prospect: cutoff(max.prospect), customer: cutoff(max.customer), 'referral-source': cutoff(max['referral-source']), partner: cutoff(max.partner) };
}

export interface SilenceSubject {
  relationship: Relationship;
  doNotContact: boolean;
  createdAt: string;
}

/** Silent too long: not do-not-contact (they asked for silence) and untouched for longer than the relationship allows. */
export function isSilent(contact: SilenceSubject, lastTouchAt: string | null, nowMs: number, max: MaxSilenceDays): boolean {
  if (contact.doNotContact) return false;
  return silentSince(lastTouchAt, contact.createdAt) < silenceCutoffs(nowMs, max)[contact.relationship];
}
