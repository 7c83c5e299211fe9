import { AppError } from '../errors.js';
import { serviceCheckIn, thankYou, upgradeReminder } from './builtins/customers.js';
import { hardToReach, referral } from './builtins/prospects.js';
import { voicemailSeries } from './builtins/voicemailSeries.js';
import type { Playbook } from './types.js';

export { youMeNextStep } from './builtins/voicemailSeries.js';

/** Present in every workspace from the first start; keys are stable (API.md). */
export const builtinPlaybooks: readonly Playbook[] = [
  voicemailSeries, hardToReach, referral, serviceCheckIn, upgradeReminder, thankYou,
];

export const builtinKeys = builtinPlaybooks.map((p) => p.key);

export function builtinPlaybook(key: string): Playbook {
  const found = builtinPlaybooks.find((p) => p.key === key);
  if (!found) throw AppError.notFound(`playbook "${key}"`);
  return structuredClone(found);
}
