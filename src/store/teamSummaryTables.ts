/** The weekly team summary's tables (migration 030_manager_summary). */

/** One summary per manager, workspace and week (the Monday, in the manager's zone): the exactly-once key. */
export interface TeamSummariesTable {
  user_id: string;
  workspace_id: string;
  week: string;
  outbox_id: string;
  created_at: string;
}

/** A manager who turned the weekly summary off. */
export interface TeamSummaryOptOutsTable {
  user_id: string;
  created_at: string;
}
