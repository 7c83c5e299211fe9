import { z } from 'zod';
import { idSchema } from './common.js';

/** Whose contacts: a user's id, "me" (whoever lists them) or "none" (nobody owns them). */
export const ownerFilterSchema = z.union([z.literal('me'), z.literal('none'), idSchema])
  .describe('whose contacts: a user id, "me" or "none"');
