import { isLate } from './time.js';
import type { Channel, Contact, FollowUp, Warning } from './types.js';

/** Broken promises of form and time, and effort spent where nobody can buy (SPEC practice 3 and 8). */
export function fulfilmentWarnings(fulfilled: FollowUp | null, channel: Channel, occurredAtMs: number): Warning[] {
  if (!fulfilled) return [];
  const warnings: Warning[] = [];
  if (fulfilled.channel !== channel) {
    warnings.push({
      code: 'channel-mismatch',
      message: `agreed by ${fulfilled.channel} but done by ${channel}: a broken promise of form`,
    });
  }
  if (isLate(fulfilled, occurredAtMs)) {
    warnings.push({
      code: 'late',
      message: `agreed for ${fulfilled.dueLocal} (${fulfilled.timeZone}) and done later: a broken promise of time`,
    });
  }
  return warnings;
}

export function qualificationWarnings(contact: Pick<Contact, 'interest' | 'canBuy'>): Warning[] {
  if (contact.interest === 'passing' || contact.canBuy === 'no') {
    const why = contact.canBuy === 'no' ? 'cannot buy' : 'has only a passing interest';
    return [{ code: 'unqualified', message: `this contact ${why}: following up may be wasted activity` }];
  }
  return [];
}
