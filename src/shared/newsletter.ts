import { z } from 'zod';
import { channels } from './vocabulary.js';
import { instantSchema } from './common.js';

export const newsletterConsentInputSchema = z.object({
  consent: z.boolean().describe('true: they want the newsletter; false: they do not (or no longer)'),
  evidence: z.string().trim().min(1).max(2000).describe('what they said, in their words'),
  channel: z.enum(channels).optional().describe('how they said it'),
  at: instantSchema.optional().describe('when they said it (default: now)'),
});
export type NewsletterConsentInput = z.infer<typeof newsletterConsentInputSchema>;

export const newsletterConsentSchema = z.object({
  consent: z.boolean().nullable().describe('their latest answer; null when never asked'),
  at: z.string().nullable().describe('when they said it'),
  evidence: z.string().nullable(),
  onList: z.boolean().describe('included in GET /export/newsletter.csv: a yes, an email address and no opt-out'),
  summary: z.string(),
});
export type NewsletterConsentView = z.infer<typeof newsletterConsentSchema>;
