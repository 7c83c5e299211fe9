import type { TeamDrillKind } from '../../../../src/shared/team.js';

/** What each drill-down list is called and says when empty. */
export const DRILLS: Record<TeamDrillKind, { title: string; empty: string }> = {
  late: { title: 'Late promises', empty: 'No promise is late: every one is kept or not yet due.' },
  stalled: { title: 'Stalled deals', empty: 'No stalled deal: every open opportunity has a next step planned.' },
  'no-next-step': { title: 'Contacts with no next step', empty: 'Every contact has something planned (or asked not to be contacted).' },
  touches: { title: 'Touches this week', empty: 'No outbound touch logged this week yet.' },
};

export const isDrillKind = (value: string | null): value is TeamDrillKind => value !== null && value in DRILLS;
