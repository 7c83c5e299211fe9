import { z } from 'zod';
import { DEFAULT_MAIL_CAPS } from './defaults.js';

const host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'expected a host name or IP address');
const port = z.number().int().min(1).max(65535);
const password = z.string().min(1).max(1000);
export const mailSecurities = ['tls', 'starttls', 'none'] as const;
const security = z.enum(mailSecurities).describe('tls: encrypted from the start (465/993); starttls: upgraded (587); none: loopback or testing only');

/** What a mailbox's settings look like when read: never a password, only whether one is stored. */
export const mailSettingsSchema = z.object({
  scope: z.enum(['workspace', 'me']),
  fromAddress: z.email(),
  fromName: z.string().nullable(),
  smtp: z.object({ host: z.string(), port: z.number(), security, user: z.string().nullable(), passwordSet: z.boolean() }),
  imap: z.object({ host: z.string(), port: z.number(), security, user: z.string().nullable(), passwordSet: z.boolean() }).nullable(),
  hourlyCap: z.number().int(),
  dailyCap: z.number().int(),
  updatedAt: z.string(),
});
export type MailSettingsView = z.infer<typeof mailSettingsSchema>;

export const mailSettingsPairSchema = z.object({
  workspace: mailSettingsSchema.nullable(),
  me: mailSettingsSchema.nullable(),
  /** Which one the caller's automated mail goes out through now: their own, the workspace's, the server's (SMTP_URL), or none. */
  effective: z.enum(['me', 'workspace', 'server', 'none']),
  /** False when the server has no SECRETS_KEY: settings that need a password cannot be saved. */
  canStorePasswords: z.boolean(),
});

/**
 * A password left out keeps the stored one; `null` removes it. Passwords go in, never come out.
 */
export const putMailSettingsSchema = z.object({
  fromAddress: z.email().max(254),
  fromName: z.string().trim().max(120).nullable().default(null),
  smtp: z.object({
    host, port: port.default(587), security: security.default('starttls'),
    user: z.string().max(254).nullable().default(null), password: password.nullable().optional(),
  }).strict(),
  imap: z.object({
    host, port: port.default(993), security: security.default('tls'),
    user: z.string().max(254).nullable().default(null), password: password.nullable().optional(),
  }).strict().nullable().default(null),
  hourlyCap: z.number().int().min(1).max(10_000).default(DEFAULT_MAIL_CAPS.hourlyCap),
  dailyCap: z.number().int().min(1).max(100_000).default(DEFAULT_MAIL_CAPS.dailyCap),
}).strict();
export type PutMailSettings = z.infer<typeof putMailSettingsSchema>;

export const mailScopeSchema = z.object({ scope: z.enum(['workspace', 'me']) });

export const testMailSchema = z.object({
  to: z.email().max(254).optional().describe('your own address, the only one test mail goes to (may be left out)'),
}).strict();

export const testMailResultSchema = z.object({ sent: z.literal(true), to: z.string(), response: z.string(), via: z.enum(['me', 'workspace', 'server']) });
