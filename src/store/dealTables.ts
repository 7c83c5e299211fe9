import type { ColumnType } from 'kysely';
import type { StageKind } from '../shared/deals.js';

/** Migration 026 (issue 16): a workspace's ordered deal stages. */
export interface DealStagesTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  /** 0–100: the chance a deal in this stage is won, for the weighted forecast. */
  probability: number;
  kind: StageKind;
  created_at: string;
}

/** The columns migration 026 adds to `opportunities`: a deal's stage and value. */
export interface DealColumns {
  stage_id: string | null;
  /** Integer minor units (cents); PostgreSQL's bigint comes back as text. */
  amount: ColumnType<number | string | null, number | null | undefined, number | null>;
  currency: ColumnType<string, string | undefined, string>;
  expected_close_date: string | null;
}
