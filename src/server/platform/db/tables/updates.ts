/** The updates module's tables (migration 20261205T1200-updates). */

/**
 * Where an update stands, in one indexed column the feed and "next actions" read: `posted` (a work
 * update), or a draft's `waiting` (its latest version waits for the client), `edits_requested`,
 * `approved`.
 */
export type UpdateState = "posted" | "waiting" | "edits_requested" | "approved";

export interface UpdatesTable {
  id: string;
  account_id: string;
  /** update | draft */
  kind: "update" | "draft";
  title: string;
  posted_by: string;
  /** The ticket or work-request task of the same account it is about (at most one). */
  ticket_id: string | null;
  task_id: string | null;
  latest_version: number;
  state: UpdateState;
  /** Since when it has been in `state`: the latest version's time, or the decision's. */
  state_since: string;
  created_at: string;
  updated_at: string;
}

/** One version of an update (a work update has only version 1); a draft's decision is recorded on it. */
export interface UpdateVersionsTable {
  id: string;
  update_id: string;
  account_id: string;
  version: number;
  body: string;
  posted_by: string;
  posted_at: string;
  /** approved | edits_requested, once the client decided. */
  decision: "approved" | "edits_requested" | null;
  decision_comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** Read receipts: the first time each person opened an update. */
export interface UpdateReadsTable {
  update_id: string;
  user_id: string;
  account_id: string;
  read_at: string;
}

/** A final deliverable of an account: a name, and versions (each one file). */
export interface DeliverablesTable {
  id: string;
  account_id: string;
  name: string;
  /** lower-cased, trimmed name: unique per account. */
  name_key: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface DeliverableVersionsTable {
  id: string;
  deliverable_id: string;
  account_id: string;
  version: number;
  /** A file owned by the update version (owner type `update_version`). */
  file_id: string;
  update_id: string;
  update_version_id: string;
  created_at: string;
}

export interface UpdatesTables {
  updates: UpdatesTable;
  update_versions: UpdateVersionsTable;
  update_reads: UpdateReadsTable;
  deliverables: DeliverablesTable;
  deliverable_versions: DeliverableVersionsTable;
}
