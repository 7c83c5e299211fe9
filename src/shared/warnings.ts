import type { WarningCode } from './vocabulary.js';

/** The heading a warning is shown under, in the web app and the CLI alike. */
const WARNING_TITLES: Record<WarningCode, string> = {
  'channel-mismatch': 'Not the channel they chose',
  late: 'Late',
  unqualified: 'Check qualification',
  'past-due': 'Already past',
};

export function warningTitle(code: string): string {
  return (WARNING_TITLES as Record<string, string>)[code] ?? code.replace(/-/g, ' ');
}
