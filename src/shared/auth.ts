import { z } from 'zod';
import { roles } from './vocabulary.js';
import { hhmmSchema, instantSchema, timeZoneSchema } from './common.js';
import { permissionsSchema } from './permissions.js';
import { DEFAULT_REMINDER_MINUTES, MAX_REMINDER_MINUTES } from './defaults.js';

export const emailSchema = z.email().max(320).transform((s) => s.toLowerCase());
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(1000);

export const setupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  workspace: z.string().trim().min(1).max(200),
  timeZone: timeZoneSchema,
});

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(1000) });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  timeZone: z.string(),
  workFrom: z.string(),
  workTo: z.string(),
  workDays: z.array(z.number().int()),
  role: z.enum(roles),
  createdAt: instantSchema,
  active: z.boolean().describe('false once an owner or admin deactivated the user: they can no longer sign in'),
});

/** The caller's own view of themself: the user plus settings only they see. */
export const meUserSchema = userSchema.extend({
  digest: z.boolean().describe('receives the morning digest email at the start of each working day'),
  weeklySummary: z.boolean().describe('receives the weekly team summary email on Monday mornings (owners and admins only; members never get it)'),
  phone: z.string().nullable().describe('your phone number, quoted by scripts and emails as {{user.phone}}; null when not set'),
  signature: z.string().nullable().describe('your email signature, {{user.signature}}; null means your name and workspace'),
  reminderMinutes: z.number().int().describe('minutes before a timed follow-up for its calendar alarm and push reminder; 0 means none'),
});

/** A phone number as people write it: digits with spaces, dashes, dots, brackets, a leading + and an extension. */
const PHONE = /^\+?[0-9 ()./-]*[0-9][0-9 ()./-]*(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;

/** Your phone number as typed; empty removes it (null). */
export const profilePhoneSchema = z.string().trim().max(40, 'Your phone number can be at most 40 characters.')
  .refine((s) => s === '' || PHONE.test(s), 'Write your phone number with digits, for example +1 415 555 0100.')
  .transform((s) => (s === '' ? null : s));

/** Minutes before a timed follow-up to be reminded: 0 (none) up to a day. */
export const reminderMinutesSchema = z.number({ error: 'Reminder: give a number of minutes.' })
  .int('Reminder: give a whole number of minutes.')
  .min(0, 'Reminder: 0 minutes (no reminder) is the least.')
  .max(MAX_REMINDER_MINUTES, `Reminder: at most ${MAX_REMINDER_MINUTES} minutes (a day) before.`);

/** Your signature as typed (several lines allowed); empty goes back to your name and workspace (null). */
export const profileSignatureSchema = z.string().trim().max(1000, 'Your signature can be at most 1,000 characters.')
  .transform((s) => (s === '' ? null : s));

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: instantSchema,
});

export const createUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  timeZone: timeZoneSchema.optional(),
});

export const updateMeSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: timeZoneSchema.optional(),
  workFrom: hhmmSchema.optional(),
  workTo: hhmmSchema.optional(),
  workDays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  digest: z.boolean().optional().describe('false turns the morning digest email off'),
  weeklySummary: z.boolean().optional().describe('false turns the weekly team summary email off (sent to owners and admins on Monday at 08:00 in their zone)'),
  phone: profilePhoneSchema.nullable().optional().describe('your phone number; empty or null removes it'),
  signature: profileSignatureSchema.nullable().optional().describe('your email signature (several lines allowed); empty or null goes back to your name and workspace'),
  reminderMinutes: reminderMinutesSchema.optional().describe(`minutes before a timed follow-up for its calendar alarm and push reminder, 0 to ${MAX_REMINDER_MINUTES}; 0 means none (default ${DEFAULT_REMINDER_MINUTES})`),
});

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(200) });
export const tokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: instantSchema, lastUsedAt: z.string().nullable() });
export const createWorkspaceSchema = z.object({ name: z.string().trim().min(1).max(200), timeZone: timeZoneSchema });

export const meSchema = z.object({
  user: meUserSchema,
  workspace: workspaceSchema,
  workspaces: z.array(workspaceSchema.extend({ role: z.enum(roles) })),
  permissions: permissionsSchema,
  icalUrl: z.string().nullable().describe('always null: only a hash of the feed secret is kept, so the link is shown once, by POST /api/v1/me/ical-secret; see icalFeed'),
  icalFeed: z.object({ active: z.boolean(), createdAt: z.string().nullable() }).describe('whether a feed link exists and when it was made'),
  csrfToken: z.string().optional(),
});
