import type { Kysely } from "kysely";

/**
 * A review round may point at the draft or deliverable the client should review ("A work-request
 * task in CLIENT APPROVAL can point at the draft or deliverable to review").
 *
 * `task_reviews.draft_id`: a draft for review of the task's account (an `updates` row of kind
 * `draft`); `task_reviews.deliverable_id`: one of its `deliverables`. At most one of the two is
 * set, and only to a row of the task's own account — the board's service checks both before it
 * writes the round. Both are read through the round (by task), never looked up by themselves, so
 * neither is indexed.
 *
 * No foreign keys, as for `task_approvals.review_id`: SQLite cannot drop a column that has one
 * (`down`). Drafts and deliverables are never deleted, and an account merge moves the task, the
 * draft and the deliverable together.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("task_reviews").addColumn("draft_id", "text").execute();
  await db.schema.alterTable("task_reviews").addColumn("deliverable_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("task_reviews").dropColumn("deliverable_id").execute();
  await db.schema.alterTable("task_reviews").dropColumn("draft_id").execute();
}
