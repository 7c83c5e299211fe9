import { spokenDue } from './spokenTime.js';
import { isLate } from './time.js';
import type { Channel, FollowUp, Warning } from './types.js';
import { channelWords } from '../shared/vocabulary.js';

/** How a channel is said lives in shared, so the web app and the CLI say it the same way. */
export { channelWords } from '../shared/vocabulary.js';

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
