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
  /** PostgreSQL only (generated): the whole document, and its name and company alone. */
  document?: string;
  head?: string;
}

/** SQLite only: the FTS5 index over contact_search_docs; the column named like the table takes MATCH. */
export interface ContactSearchTable {
  rowid: number;
  contact_search: string;
}

/** Contacts whose agendas changed since their search document was written (migration 028). */
export interface ContactSearchStaleTable {
  contact_id: string;
  workspace_id: string;
  /** PostgreSQL only: raised by every mark, so that marking takes the row's lock. */
  marks?: number;
}

/** Each contact's whole search document, as it should read now (migration 032; both dialects). */
export interface ContactSearchSourceView {
  contact_id: string;
  workspace_id: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string;
  notes: string | null;
  agendas: string;
}
