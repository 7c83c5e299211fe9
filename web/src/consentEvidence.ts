import { instantOf } from './wallTime.js';

/** What a salesperson records as a contact's word on consent: what they said, how and when. */
export interface ConsentEvidenceInput {
  said: string;
  how: string;
  date: string;
  time: string;
  zone: string;
}

export interface ConsentEvidenceCheck {
  /** The instant they said it, when the day and time are real. */
  at: number | null;
  /** Words per field (said, how, when); empty when all is well. */
  problems: { said?: string; how?: string; when?: string };
}

/** The one check of consent evidence, for the opt-in and newsletter dialogs alike. */
export function checkConsentEvidence(input: ConsentEvidenceInput, now = Date.now()): ConsentEvidenceCheck {
  const at = instantOf(input.date, input.time, input.zone);
  const problems: ConsentEvidenceCheck['problems'] = {};
  if (!input.said.trim()) problems.said = 'Write what they said, in their words if you have them.';
  if (!input.how) problems.how = 'Choose how they told you.';
  if (at === null) problems.when = 'Give the day and time they told you.';
  else if (at > now + 60_000) problems.when = 'When they told you cannot be in the future.';
  return { at, problems };
}
