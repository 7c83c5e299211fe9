/** What the store knows about a contact's plans: enough to tell whether a lead is being followed up (seed 003). */
export interface PlanFacts {
  doNotContact: boolean;
  hasOpenFollowUp: boolean;
  hasOpenOpportunity: boolean;
}

/** Every lead gets a next step: a contact we may contact with nothing scheduled has none. */
export function hasNoNextStep(facts: PlanFacts): boolean {
  return !facts.doNotContact && !facts.hasOpenFollowUp;
}

/** Stalled, as in the pipeline: an open opportunity with nothing scheduled. */
export function isStalled(facts: PlanFacts): boolean {
  return facts.hasOpenOpportunity && !facts.hasOpenFollowUp;
}
