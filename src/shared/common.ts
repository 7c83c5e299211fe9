import { z } from 'zod';
import { isIanaTimeZone } from './zonedTime.js';

/** Accepts IANA zone names only, by the same rule as the core (src/shared/zonedTime.ts). */
export { isIanaTimeZone };

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, { message: 'not a time zone we know; use a zone name such as Europe/Paris or America/New_York' })
  .describe('IANA time zone, e.g. America/New_York');

export const idSchema = z.string().min(1).max(64);
export const instantSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm');
export const hhmmSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:mm');

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

export const warningSchema = z.object({ code: z.string(), message: z.string() });
