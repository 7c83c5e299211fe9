import { z } from 'zod';
import { idSchema, instantSchema } from './common.js';
import { DEFAULT_FOLLOW_UP_MINUTES } from './defaults.js';
import { reachableWindowSchema } from './contacts.js';
import { channels } from './vocabulary.js';

export const bookingLinkRequestSchema = z.object({
  contactId: idSchema,
  followUpId: idSchema.optional().describe('the follow-up this link replaces: closed once the client books'),
  enrollmentId: idSchema.optional().describe('the series this link is part of: it ends as booked once the client books'),
  agenda: z.string().trim().min(1).max(500).optional().describe('what the call or meeting is about (default: the follow-up\'s agenda)'),
  channels: z.array(z.enum(channels)).min(1).max(4).optional().describe('what the client may choose: call, meeting, video or coffee (default: their preferred one, a call and a video call)'),
  durationMinutes: z.number().int().min(15).max(240).default(DEFAULT_FOLLOW_UP_MINUTES).describe('how long the call or meeting takes'),
  days: z.number().int().min(1).max(60).default(10).describe('how many days ahead the client may choose'),
  expiresInDays: z.number().int().min(1).max(90).optional().describe('how long the link opens (default 14 days)'),
});
export type BookingLinkRequest = z.infer<typeof bookingLinkRequestSchema>;

export const bookingSlotSchema = z.object({
  start: instantSchema,
  local: z.string().describe('the contact\'s wall time, YYYY-MM-DDTHH:mm'),
});

export const bookingLinkStates = ['open', 'booked', 'cancelled', 'expired', 'withdrawn'] as const;

export const bookingLinkSchema = z.object({
  id: z.string(),
  url: z.string().nullable().describe('PUBLIC_URL/book/{token}: shown only when the link is made (only its hash is kept)'),
  expiresAt: instantSchema,
  slots: z.array(bookingSlotSchema),
  contactId: z.string(),
  agenda: z.string().nullable(),
  channels: z.array(z.enum(channels)),
  durationMinutes: z.number().int(),
  days: z.number().int(),
  createdAt: instantSchema,
  state: z.enum(bookingLinkStates),
  bookedFollowUpId: z.string().nullable(),
});
export type BookingLinkView = z.infer<typeof bookingLinkSchema>;

export const bookedSchema = z.object({
  start: instantSchema,
  local: z.string(),
  channel: z.enum(channels),
});

export const publicBookingSchema = z.object({
  userName: z.string(),
  contactFirstName: z.string(),
  agenda: z.string().nullable(),
  timeZone: z.string().describe('the contact\'s zone: slots\' local times are in it'),
  channels: z.array(z.enum(channels)).describe('the contact\'s preferred channel first'),
  durationMinutes: z.number().int(),
  slots: z.array(bookingSlotSchema),
  booked: bookedSchema.nullable(),
  cancelled: z.boolean().describe('the client cancelled the time they had booked (they may choose another)'),
});
export type PublicBooking = z.infer<typeof publicBookingSchema>;

export const publicBookRequestSchema = z.object({
  start: instantSchema.describe('one of the slots\' start instants'),
  channel: z.enum(channels),
});

export const publicCancelRequestSchema = z.object({
  reason: z.string().trim().max(500).optional(),
});

export const publicPreferencesRequestSchema = z.object({
  preferredChannel: z.enum(channels).optional(),
  reachable: z.array(reachableWindowSchema).min(1).max(14).optional().describe('when they can be reached, their time'),
}).refine((v) => v.preferredChannel !== undefined || v.reachable !== undefined, { message: 'say a preferred channel or reachable hours' });
