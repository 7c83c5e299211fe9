import { z } from 'zod';

/** An email a salesperson wrote to one contact on their page, sent through their mailbox via the outbox. */
export const directEmailInputSchema = z.object({
  draftId: z.uuid().describe('chosen by the client once per draft: sending the same draft again sends nothing more'),
  subject: z.string().trim().min(1, 'Write a subject.').max(300, 'The subject can be at most 300 characters.'),
  body: z.string().trim().min(1, 'Write the email before sending it.').max(20_000, 'The email can be at most 20,000 characters.'),
});

export const directEmailSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.string().describe('queued until the worker sends it, then sent (see GET /outbox)'),
  messageId: z.string(),
  createdAt: z.string(),
});
