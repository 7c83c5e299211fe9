/** Migration 028 (issue 16): one search document per contact, kept by triggers. */
export interface ContactSearchDocsTable {
  /** SQLite only: the FTS5 index's rowid. */
  id?: number;
  contact_id: string;
  workspace_id: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  /** The latest follow-ups' agendas and touches' notes, joined. */
  agendas: string | null;
}

/** SQLite only: the FTS5 index over contact_search_docs; the column named like the table takes MATCH. */
export interface ContactSearchTable {
  rowid: number;
  contact_search: string;
}
