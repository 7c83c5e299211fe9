/** The product's fixed vocabularies, shared by core, API schemas, CLI and web. */

export const channels = [
  'call', 'voicemail', 'email', 'meeting', 'video', 'coffee', 'letter', 'gift', 'sms', 'social', 'other',
] as const;
export type Channel = (typeof channels)[number];

/** Channels where two people meet at a fixed time, so the contact can get a calendar invitation. */
export const invitableChannels: readonly Channel[] = ['call', 'meeting', 'video', 'coffee'];

export const results = ['connected', 'voicemail', 'no-answer', 'replied', 'bounced', 'held'] as const;
export type InteractionResult = (typeof results)[number];

export const directions = ['out', 'in'] as const;
export type Direction = (typeof directions)[number];

export const outcomeTypes = ['yes', 'no', 'next-step', 'no-agreement'] as const;
export type OutcomeType = (typeof outcomeTypes)[number];

/** `owed`: something you promised the client (information to send, an answer, news of a problem): what is the agenda, by when the due. */
export const followUpKinds = ['next-step', 'referral', 'service', 'upgrade', 'hard-to-reach', 'thank-you', 'owed'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

export const followUpSources = ['agreement', 'playbook', 'manual'] as const;
export type FollowUpSource = (typeof followUpSources)[number];

export const followUpStatuses = ['open', 'done', 'missed', 'skipped', 'cancelled'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

export const relationships = ['prospect', 'customer', 'referral-source', 'partner'] as const;
export type Relationship = (typeof relationships)[number];

export const interestLevels = ['unknown', 'passing', 'real'] as const;
export type InterestLevel = (typeof interestLevels)[number];

export const canBuyValues = ['unknown', 'yes', 'no'] as const;
export type CanBuy = (typeof canBuyValues)[number];

export const roles = ['owner', 'admin', 'member'] as const;
export type Role = (typeof roles)[number];

export const opportunityStatuses = ['open', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

export const warningCodes = ['channel-mismatch', 'late', 'unqualified', 'past-due', 'pestering'] as const;
export type WarningCode = (typeof warningCodes)[number];

const CHANNEL_WORDS: Record<Channel, string> = {
  call: 'a call', voicemail: 'a voicemail', email: 'an email', meeting: 'a meeting', video: 'a video call', coffee: 'a coffee',
  letter: 'a letter', gift: 'a gift', sms: 'a text message', social: 'a social message', other: 'another channel',
};

/** "a video call": a channel as a salesperson says it (warnings, the CLI, emails to clients). */
export function channelWords(channel: Channel): string {
  return CHANNEL_WORDS[channel];
}
