import { spokenDue } from './spokenTime.js';
import { isLate } from './time.js';
import type { Channel, Contact, FollowUp, Warning } from './types.js';

/** Broken promises of form and time, and effort spent where nobody can buy (SPEC practice 3 and 8). */
export function fulfilmentWarnings(fulfilled: FollowUp | null, channel: Channel, occurredAtMs: number): Warning[] {
  if (!fulfilled) return [];
  const warnings: Warning[] = [];
  if (fulfilled.channel !== channel) {
    warnings.push({
      code: 'channel-mismatch',
      message: `They chose ${channelWords(fulfilled.channel)}, and this was ${channelWords(channel)}: a broken promise of form.`,
    });
  }
  if (isLate(fulfilled, occurredAtMs)) {
    warnings.push({
      code: 'late',
      message: `Agreed for ${spokenDue(fulfilled)} and done on a later day: a broken promise of time.`,
    });
  }
  return warnings;
}

export function qualificationWarnings(contact: Pick<Contact, 'interest' | 'canBuy'>): Warning[] {
  if (contact.interest === 'passing' || contact.canBuy === 'no') {
    const why = contact.canBuy === 'no' ? 'cannot buy' : 'has only a passing interest';
    return [{ code: 'unqualified', message: `This contact ${why}: following up may be wasted activity.` }];
  }
  return [];
}

const CHANNEL_WORDS: Record<Channel, string> = {
  call: 'a call', voicemail: 'a voicemail', email: 'an email', meeting: 'a meeting', video: 'a video call', coffee: 'a coffee',
  letter: 'a letter', gift: 'a gift', sms: 'a text message', social: 'a social message', other: 'another channel',
};

/** "a video call": a channel as a salesperson says it. */
export function channelWords(channel: Channel): string {
  return CHANNEL_WORDS[channel];
}
