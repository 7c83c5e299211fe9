import type { CanBuy, InterestLevel, WarningCode } from './vocabulary.js';

/** The heading a warning is shown under, in the web app and the CLI alike. */
const WARNING_TITLES: Record<WarningCode, string> = {
  'channel-mismatch': 'Not the channel they chose',
  late: 'Late',
  unqualified: 'Check qualification',
  'past-due': 'Already past',
  pestering: 'Too often',
};

export function warningTitle(code: string): string {
  return (WARNING_TITLES as Record<string, string>)[code] ?? code.replace(/-/g, ' ');
}

/**
 * Effort spent where nobody can buy (SPEC practice 8, seed 004: "at least be able to purchase what
 * we offer"). Here, not in core, so the web app can say it before anything is confirmed; core's
 * guardrails call this same function on every path that plans work.
 */
export function qualificationWarnings(contact: { interest: InterestLevel; canBuy: CanBuy }): { code: WarningCode; message: string }[] {
  if (contact.interest === 'passing' || contact.canBuy === 'no') {
    const why = contact.canBuy === 'no' ? 'cannot buy' : 'has only a passing interest';
    return [{ code: 'unqualified', message: `This contact ${why}: following up may be wasted activity.` }];
  }
  return [];
}
