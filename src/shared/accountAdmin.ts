import { z } from 'zod';
import { idSchema, instantSchema } from './common.js';
import { passwordSchema } from './auth.js';

/** Change your own password: the current one proves it is you, the new one follows the setup rules. */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'type your current password').max(1000),
  newPassword: passwordSchema,
});

/** Use a reset link: the token from the link and the new password. */
export const usePasswordResetSchema = z.object({
  token: z.string().min(1, 'the link is incomplete; open it again from the email or message').max(200),
  newPassword: passwordSchema,
});

export const passwordResetIssuedSchema = z.object({
  userId: z.string(),
  email: z.string(),
  expiresAt: instantSchema,
  mailed: z.boolean().describe('true: the link was emailed to the user (through the workspace mailbox or the server\'s); it is not shown here'),
  resetUrl: z.string().nullable().describe('the one-time link, shown only in this response when it was not mailed; pass it on to the user'),
});

export const deactivateUserSchema = z.object({
  reassignTo: idSchema.describe('the colleague who takes over the contacts and open follow-ups'),
});

export const deactivatedUserSchema = z.object({
  userId: z.string(),
  active: z.literal(false),
  reassignedTo: z.string(),
  contacts: z.number().int().describe('contacts handed over'),
  followUps: z.number().int().describe('open follow-ups handed over'),
});

export const accountAuditActions = ['password-changed', 'password-reset-issued', 'password-reset-used', 'user-deactivated'] as const;
export type AccountAuditAction = (typeof accountAuditActions)[number];

const auditPersonSchema = z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: instantSchema,
  action: z.string().describe(`one of ${accountAuditActions.join(', ')}`),
  actor: auditPersonSchema.nullable().describe('who did it; null: the server\'s command line'),
  target: auditPersonSchema,
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

