import { firstName } from './names.js';
import { channelWords, invitableChannels, type Channel } from './vocabulary.js';

// What a booking link offers by default and the email that carries it: the web app, the CLI and the
// server agree on these (no zod here, so the web bundle takes only what it uses).

/** The subject of the email that carries a booking link, from the web app and the CLI alike. */
export const BOOKING_INVITATION_SUBJECT = 'Choose a time that suits you';

export interface BookingInvitationInput {
  contactName: string;
  /** What they care about: the email names one when the agenda does not, so it is about them. */
  interests: readonly string[];
  agenda: string | null;
  channels: readonly Channel[];
  durationMinutes: number;
  url: string;
  senderName: string;
}

/** What a link offers unless the salesperson says otherwise: their preferred way to meet (when it is one), a call and a video call. */
export function defaultBookingChannels(preferred: string | null): Channel[] {
  const favourite = invitableChannels.filter((c) => c === preferred);
  return [...new Set<Channel>([...favourite, 'call', 'video'])];
}

/** The follow-up a booking link is made for by default: the contact's open one due first. */
export function nextOpenFollowUp<T extends { status: string; dueAt: string }>(items: readonly T[]): T | null {
  return items.filter((f) => f.status === 'open').reduce<T | null>((first, f) => (!first || f.dueAt < first.dueAt ? f : first), null);
}

/** "a call", "a call or a video call", "a call, a video call or a meeting". */
export function channelChoice(channels: readonly Channel[]): string {
  const words = channels.map(channelWords);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const lengthInWords = (minutes: number): string => (minutes === 60 ? 'an hour' : `${minutes} minutes`);

/**
 * The email that sends a booking link, in the salesperson's voice: what the client chooses, the
 * link, what the time is for, and a way out when no time suits. It names the agenda or one of their
 * interests and asks for a choice, so the message coach has nothing to flag.
 */
export function bookingInvitationEmail(input: BookingInvitationInput): { subject: string; body: string } {
  const agenda = input.agenda?.trim().replace(/[.\s]+$/, '') || null;
  const interest = input.interests.map((i) => i.trim()).find((i) => i !== '') ?? null;
  const how = input.channels.length > 1
    ? `the day, the time, and whether you would rather have ${channelChoice(input.channels)} (${lengthInWords(input.durationMinutes)})`
    : `the day and the time for ${channelChoice(input.channels)} (${lengthInWords(input.durationMinutes)})`;
  // An agenda may be a phrase of any kind ("the pricing", "agree a time for the demo"): it gets a line of its own.
  const about = [
    agenda ? `On the agenda: ${agenda}.` : null,
    interest && !agenda?.toLowerCase().includes(interest.toLowerCase()) ? `I would ${agenda ? 'also ' : ''}like to hear how things are going with ${interest}.` : null,
  ].filter(Boolean).join(' ');
  const body = [
    `Hi ${firstName(input.contactName)},`,
    `Rather than send times back and forth, here is a link where you can choose a time that suits you: ${how}.`,
    input.url,
    ...(about ? [about] : []),
    'It shows the times in your own time zone. If none of them works for you, reply with one that does and I will make it work.',
    `Best,\n${firstName(input.senderName)}`,
  ].join('\n\n');
  return { subject: BOOKING_INVITATION_SUBJECT, body };
}
