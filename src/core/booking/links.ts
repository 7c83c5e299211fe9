import { defaultBookingChannels } from '../../shared/bookingInvitation.js';
import { DEFAULT_FOLLOW_UP_MINUTES } from '../../shared/defaults.js';
import { invitableChannels } from '../../shared/vocabulary.js';
import { AppError } from '../errors.js';
import type { Channel, FollowUp } from '../types.js';
import type { BookingSlot } from './slots.js';

const DAY_MS = 86_400_000;
export const DEFAULT_LINK_LIFETIME_DAYS = 14;

/** What a booking link needs to know about itself to say whether it still opens. */
export interface LinkLifetime {
  expiresAt: string;
  withdrawnAt: string | null;
}

/**
 * A link opens until it expires or is withdrawn; a booked time keeps it open until a day after that
 * time, so the client can still move or cancel what they chose.
 */
export function linkOpens(link: LinkLifetime, booked: { dueAt: string } | null, nowMs: number): boolean {
  if (link.withdrawnAt !== null) return false;
  const until = Math.max(Date.parse(link.expiresAt), booked ? Date.parse(booked.dueAt) + DAY_MS : 0);
  return nowMs < until;
}

/**
 * The channels a client may choose: the ones the salesperson offered (or a call and a video call),
 * all of them fixed-time meetings, with the contact's preferred channel first when it is one of them.
 */
export function offeredChannels(requested: readonly Channel[] | undefined, preferred: Channel | null): Channel[] {
  requested?.forEach((channel, i) => {
    if (!invitableChannels.includes(channel)) throw AppError.invalid(`channels.${i}`, 'can only offer a call, meeting, video call or coffee: a time the two of you meet');
  });
  const list = [...new Set(requested && requested.length > 0 ? requested : defaultBookingChannels(preferred))];
  return preferred && list.includes(preferred) ? [preferred, ...list.filter((c) => c !== preferred)] : list;
}

/**
 * The client's choice, checked against what the link offers: 400 naming `start` or `channel` for one
 * never offered, 409 slot-taken for an offered time another booking or meeting now holds.
 * `withoutBusy` says which times the link would offer were the user's calendar empty.
 */
export function chosenSlot(free: readonly BookingSlot[], withoutBusy: () => readonly BookingSlot[], channels: readonly Channel[], startMs: number, channel: Channel): BookingSlot {
  if (!channels.includes(channel)) throw AppError.invalid('channel', `choose one of: ${channels.join(', ')}`);
  const slot = free.find((s) => s.startMs === startMs);
  if (slot) return slot;
  if (withoutBusy().some((s) => s.startMs === startMs)) throw new AppError('slot-taken', 'Someone else has just booked that time. Please choose another.');
  throw AppError.invalid('start', 'that time is not one of the times offered; choose one from the list');
}


/** Follow-ups that hold the user at their time: a call, a meeting, a voicemail attempt; not a mail the outbox sends or an all-day task. */
export function occupiesTime(followUp: Pick<FollowUp, 'allDay' | 'channel'>): boolean {
  if (followUp.allDay) return false;
  return invitableChannels.includes(followUp.channel) || followUp.channel === 'voicemail' || followUp.channel === 'other';
}

export function busyIntervalOf(followUp: Pick<FollowUp, 'dueAt' | 'durationMinutes'>): { startMs: number; endMs: number } {
  const startMs = Date.parse(followUp.dueAt);
  return { startMs, endMs: startMs + (followUp.durationMinutes ?? DEFAULT_FOLLOW_UP_MINUTES) * 60_000 };
}
