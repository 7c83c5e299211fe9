/** Migration 029 (issue 16 item 3): a workspace's tags, which contact wears which, and saved views. */
export interface TagsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The name lower-cased: unique per workspace. */
  name_key: string;
  colour: string | null;
  created_at: string;
}

export interface ContactTagsTable {
  contact_id: string;
  tag_id: string;
  workspace_id: string;
  created_at: string;
}

/** `definition` is the JSON of shared/savedViews' viewDefinitionSchema. */
export interface SavedViewsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  shared: number;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
}
