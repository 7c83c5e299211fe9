import { firstName } from './names.js';
import { channelWords, type Channel } from './vocabulary.js';

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

/** "a call", "a call or a video call", "a call, a video call or a meeting". */
export function channelChoice(channels: readonly Channel[]): string {
  const words = channels.map(channelWords);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const lengthInWords = (minutes: number): string => (minutes === 60 ? 'an hour' : `${minutes} minutes`);

/**
 * The email that sends a booking link, in the salesperson's voice: what the time is for, what the
 * client chooses, the link, and a way out when no time suits. It names the agenda or one of their
 * interests and asks for a choice, so the message coach has nothing to flag.
 */
export function bookingInvitationEmail(input: BookingInvitationInput): { subject: string; body: string } {
  const agenda = input.agenda?.trim() || null;
  const interest = input.interests.map((i) => i.trim()).find((i) => i !== '') ?? null;
  const topic = agenda ?? interest;
  const what = topic ? `to talk about ${topic}` : 'for our next conversation';
  const how = input.channels.length > 1
    ? `the day, the time, and whether you would rather have ${channelChoice(input.channels)} (${lengthInWords(input.durationMinutes)})`
    : `the day and the time for ${channelChoice(input.channels)} (${lengthInWords(input.durationMinutes)})`;
  const alsoInterest = agenda && interest && !agenda.toLowerCase().includes(interest.toLowerCase())
    ? ` I would also like to hear how things are going with ${interest}.`
    : '';
  const body = [
    `Hi ${firstName(input.contactName)},`,
    `Rather than send times back and forth, here is a link where you can choose a time that suits you ${what}: ${how}.`,
    input.url,
    `It shows the times in your own time zone.${alsoInterest} If none of them works for you, reply with one that does and I will make it work.`,
    `Best,\n${firstName(input.senderName)}`,
  ].join('\n\n');
  return { subject: BOOKING_INVITATION_SUBJECT, body };
}
