import { spokenDue } from './spokenTime.js';
import { isLate } from './time.js';
import type { Channel, FollowUp, Warning } from './types.js';

/** The qualification rule lives in shared so the web app can say it before confirming; this is the same function. */
export { qualificationWarnings } from '../shared/warnings.js';

/** Broken promises of form and time (SPEC practice 3). */
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

const CHANNEL_WORDS: Record<Channel, string> = {
  call: 'a call', voicemail: 'a voicemail', email: 'an email', meeting: 'a meeting', video: 'a video call', coffee: 'a coffee',
  letter: 'a letter', gift: 'a gift', sms: 'a text message', social: 'a social message', other: 'another channel',
};

/** "a video call": a channel as a salesperson says it. */
export function channelWords(channel: Channel): string {
  return CHANNEL_WORDS[channel];
}
