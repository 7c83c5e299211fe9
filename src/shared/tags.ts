import { z } from 'zod';

/** A tag as typed: trimmed, 1–40 characters, no commas (a CSV cell holds a contact's tags, comma-separated). */
export const tagNameSchema = z.string().trim().min(1, 'a tag needs a name').max(40, 'a tag is at most 40 characters')
  .refine((name) => !name.includes(','), { message: 'a tag cannot contain a comma' })
  .describe('a tag, e.g. "VIP" (case does not make a different tag)');

export const tagColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb, e.g. #2f80ed');

export const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  colour: z.string().nullable(),
  contacts: z.number().int().describe('how many contacts wear it'),
});
export type Tag = z.infer<typeof tagSchema>;

export const addTagsSchema = z.object({
  tags: z.array(tagNameSchema).min(1, 'name at least one tag').max(20).describe('tags to add (new ones are created)'),
  colour: tagColourSchema.optional().describe('the colour of tags this creates'),
});

/** One tag per case-insensitive name, in the order first written. */
export function distinctTags(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}
