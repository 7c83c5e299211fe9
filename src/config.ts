import { z } from 'zod';
import { DEFAULT_MAIL_CAPS } from './shared/defaults.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().optional(),
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).default(300_000),
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  SMTP_HOURLY_CAP: z.coerce.number().int().min(1).default(DEFAULT_MAIL_CAPS.hourlyCap),
  SMTP_DAILY_CAP: z.coerce.number().int().min(1).default(DEFAULT_MAIL_CAPS.dailyCap),
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  SECRETS_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  PUSH_SUBJECT: z.string().regex(/^(https:\/\/|mailto:)\S+$/, 'must be an https:// URL or a mailto: address').optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  logLevel: string;
  bodyLimit: number;
  secureCookies: boolean;
  /** Outbound mail; the worker runs only when it is set. */
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
  /** Caps per sender on mail that goes out through SMTP_URL (stored mailboxes carry their own). */
  smtpCaps: { hourlyCap: number; dailyCap: number };
  workerLeaseMs: number;
  workerPollMs: number;
  /** Encrypts stored mail passwords; without it, mail settings with a password cannot be saved. */
  secretsKey: string | undefined;
  /** Whether `serve` also runs the background jobs (outbox, digest, replies); false on web-only instances. */
  runWorker: boolean;
  /** Whether users' mail servers (and later webhooks) may be on loopback, private or link-local addresses (docs/operations.md). */
  allowPrivateTargets: boolean;
  /** PUSH_SUBJECT: the VAPID contact push services see; unset, derived from PUBLIC_URL or SMTP_FROM (core/pushReminders vapidSubject). */
  pushSubject: string | undefined;
}

/** The environment, parsed once at start; everything below receives this object, never process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const baseUrl = e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    baseUrl,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    secureCookies: e.SECURE_COOKIES === 'auto' ? baseUrl.startsWith('https:') : e.SECURE_COOKIES === 'true',
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    smtpCaps: { hourlyCap: e.SMTP_HOURLY_CAP, dailyCap: e.SMTP_DAILY_CAP },
    workerLeaseMs: e.WORKER_LEASE_MS,
    workerPollMs: e.WORKER_POLL_MS,
    secretsKey: e.SECRETS_KEY,
    runWorker: e.RUN_WORKER === 'true',
    allowPrivateTargets: e.ALLOW_PRIVATE_TARGETS === 'true',
    pushSubject: e.PUSH_SUBJECT,
  };
}
