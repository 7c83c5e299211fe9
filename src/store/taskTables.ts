/** Migration 031 (issue 16): a salesperson's own tasks, due on a date of theirs. */
export interface TasksTable {
  id: string;
  workspace_id: string;
  owner_id: string;
  title: string;
  notes: string | null;
  /** The owner's local date, YYYY-MM-DD. */
  due_local: string;
  /** HH:mm in `due_time_zone`, or null: some time that day. */
  due_time: string | null;
  due_time_zone: string | null;
  contact_id: string | null;
  opportunity_id: string | null;
  done_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
