import { z } from 'zod';
import { localDateSchema } from './common.js';
import { channels } from './vocabulary.js';
import { followUpSchema } from './followUps.js';
import { interactionSchema } from './interactions.js';
import { agendaTaskSchema } from './tasks.js';
import { timeBudgetSchema } from './timeBudget.js';

export const agendaQuerySchema = z.object({
  date: localDateSchema.optional().describe('the day, YYYY-MM-DD in your zone (default: today)'),
});

export const agendaItemSchema = z.object({
  followUp: followUpSchema,
  contact: z.object({
    id: z.string(),
    name: z.string(),
    company: z.string().nullable(),
    timeZone: z.string(),
    localTime: z.string().describe('the contact\'s wall time at the follow-up\'s due instant, HH:mm'),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    interests: z.array(z.string()),
    preferredChannel: z.string().nullable(),
    reachableNow: z.boolean(),
    buyingProcess: z.string().nullable().optional().describe('how their company buys (who decides, what approval it needs); null while unknown, and the checklist says to ask'),
  }),
  lastInteraction: interactionSchema.nullable(),
  lastConversation: interactionSchema.nullable().optional()
    .describe('the last real conversation (connected, held, replied, or a meeting, video call or coffee): what the opener speaks of'),
  opener: z.string(),
  checklist: z.array(z.string()),
  script: z.string().nullable(),
  touchNumber: z.number().int(),
  overdue: z.boolean(),
  playbook: z.object({
    key: z.string(),
    name: z.string().nullable().describe('null when the playbook was deleted'),
  }).nullable().optional().describe('the playbook this follow-up is a step of (null for one not from a playbook)'),
  timeBudget: timeBudgetSchema.nullable().optional().describe('time spent on the contact and the time committed to them'),
});

export const agendaSchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  overdue: z.array(agendaItemSchema).describe('open follow-ups due before the day, promised first: only for today (overdue is relative to now)'),
  today: z.array(agendaItemSchema).describe('open follow-ups due on the day; on a past day each is overdue'),
  clientCancellations: z.array(z.object({
    contactId: z.string(),
    contactName: z.string(),
    cancelledAt: z.string(),
    reason: z.string().nullable(),
    was: z.object({ dueAt: z.string(), dueLocal: z.string(), timeZone: z.string(), channel: z.enum(channels) }).nullable(),
  })).optional().describe('today only: clients who cancelled a time they had booked through their link, this past week (each needs a new agreement)'),
  tasks: z.array(agendaTaskSchema).optional().describe('your own open tasks due on the day (today: also those due before it, flagged overdue), earliest first; no promise to a client, so never in kept-promise rates'),
});
