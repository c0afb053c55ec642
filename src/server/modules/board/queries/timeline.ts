import type { Insertable } from "kysely";
import type { Executor } from "../../../platform/db/database";
import type { Database, TaskApprovalsTable, TaskQuoteLinesTable, TaskQuotesTable, TaskReviewsTable } from "../../../platform/db/schema";
import { joinablePeople } from "../../accounts/queries";
import { COMMENT_FILE_OWNER, publicCommentIds } from "../../conversations/queries";
import { fileNamesOf } from "../../files/queries";
import { joinableDeliverables, joinableDrafts } from "../../updates/queries";

// Comments (in the conversations module's `comments`) --------------------------------------------

/** The names of every file on a task and its public comments, oldest first (an approval's snapshot lists them). */
export async function taskFileNames(db: Executor, taskId: string): Promise<string[]> {
  return fileNamesOf(db, [
    { type: "task", ids: [taskId] },
    { type: COMMENT_FILE_OWNER, ids: await publicCommentIds(db, "task", taskId) },
  ]);
}

// Quotes -----------------------------------------------------------------------------------------

export function listQuotes(db: Executor, taskId: string) {
  return db
    .selectFrom("task_quotes")
    .innerJoin(joinablePeople(db).as("author"), "author.id", "task_quotes.created_by")
    .leftJoin(joinablePeople(db).as("decider"), "decider.id", "task_quotes.decided_by")
    .selectAll("task_quotes")
    .select(["author.name as author_name", "author.role as author_role", "decider.name as decider_name", "decider.role as decider_role"])
    .where("task_quotes.task_id", "=", taskId)
    .orderBy("task_quotes.id", "desc")
    .execute();
}

export function findQuote(db: Executor, taskId: string, quoteId: string) {
  return db.selectFrom("task_quotes").selectAll().where("task_id", "=", taskId).where("id", "=", quoteId).executeTakeFirst();
}

/** The quote the client is asked to decide on, or the last one decided: the task's current quote. */
export function currentQuote(db: Executor, taskId: string) {
  return db
    .selectFrom("task_quotes")
    .selectAll()
    .where("task_id", "=", taskId)
    .where("status", "!=", "superseded")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** Marks every earlier quote of a task superseded (a new one replaces them). */
export async function supersedeQuotes(tx: Executor, taskId: string): Promise<void> {
  await tx
    .updateTable("task_quotes")
    .set({ status: "superseded" })
    .where("task_id", "=", taskId)
    .where("status", "!=", "superseded")
    .execute();
}

/** Stores a new quote. */
export async function insertQuote(tx: Executor, row: TaskQuotesTable): Promise<void> {
  await tx.insertInto("task_quotes").values(row).execute();
}

/** Records the client's decision on a quote: who, when, and what they said. */
export async function decideQuoteRow(
  tx: Executor,
  quoteId: string,
  decision: Pick<TaskQuotesTable, "status" | "decided_by" | "decided_at" | "decision_comment">,
): Promise<void> {
  await tx.updateTable("task_quotes").set(decision).where("id", "=", quoteId).execute();
}

/** Stores a quote's lines, in order. */
export async function insertQuoteLines(tx: Executor, rows: TaskQuoteLinesTable[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto("task_quote_lines").values(rows).execute();
}

/** The lines of these quotes, each quote's in its order (a quote sent before lines has none). */
export function quoteLinesOf(db: Executor, quoteIds: string[]) {
  if (quoteIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("task_quote_lines").selectAll().where("quote_id", "in", quoteIds).orderBy("quote_id").orderBy("position").execute();
}
export type QuoteLineRow = Awaited<ReturnType<typeof quoteLinesOf>>[number];

// Review rounds (what the client is asked to review in CLIENT APPROVAL) ---------------------------

/** The owner type of a review round's files (owner id: the round's id), as a comment owns its files. */
export const REVIEW_FILE_OWNER = "task_review";

/** Stores a review round. */
export async function insertReview(tx: Executor, row: TaskReviewsTable): Promise<void> {
  await tx.insertInto("task_reviews").values(row).execute();
}

/** The task's newest review round (the one a decision in CLIENT APPROVAL answers), if any. */
export function latestReview(db: Executor, taskId: string) {
  return db.selectFrom("task_reviews").selectAll().where("task_id", "=", taskId).orderBy("round", "desc").executeTakeFirst();
}

/**
 * Review rounds with the title of the draft and the name of the deliverable they point at (the
 * updates module's joinable sources: no read per round or per card).
 */
function reviewsWithItems(db: Executor) {
  return db
    .selectFrom("task_reviews")
    .leftJoin(joinableDrafts(db).as("review_draft"), "review_draft.id", "task_reviews.draft_id")
    .leftJoin(joinableDeliverables(db).as("review_deliverable"), "review_deliverable.id", "task_reviews.deliverable_id")
    .selectAll("task_reviews")
    .select(["review_draft.title as draft_title", "review_deliverable.name as deliverable_name"]);
}
export type ReviewItemRow = Pick<
  Awaited<ReturnType<ReturnType<typeof reviewsWithItems>["executeTakeFirstOrThrow"]>>,
  "draft_id" | "draft_title" | "deliverable_id" | "deliverable_name"
>;

/** Every review round of a task, newest first, with who asked and the draft or deliverable it points at. */
export function listReviews(db: Executor, taskId: string) {
  return reviewsWithItems(db)
    .leftJoin(joinablePeople(db).as("asker"), "asker.id", "task_reviews.created_by")
    .select(["asker.name as asker_name", "asker.role as asker_role"])
    .where("task_reviews.task_id", "=", taskId)
    .orderBy("task_reviews.round", "desc")
    .execute();
}
export type ReviewRow = Awaited<ReturnType<typeof listReviews>>[number];

/** The newest review round of each of these tasks (the board's CLIENT APPROVAL cards), keyed by task: one query. */
export async function latestReviewsOf(db: Executor, taskIds: string[]) {
  type LatestRow = Awaited<ReturnType<ReturnType<typeof reviewsWithItems>["execute"]>>[number];
  const latest = new Map<string, LatestRow>();
  if (taskIds.length === 0) return latest;
  const rows = await reviewsWithItems(db)
    .where("task_reviews.task_id", "in", taskIds)
    .where((eb) =>
      eb(
        "task_reviews.round",
        "=",
        eb
          .selectFrom("task_reviews as newer")
          .select((n) => n.fn.max("newer.round").as("round"))
          .whereRef("newer.task_id", "=", "task_reviews.task_id"),
      ),
    )
    .execute();
  for (const row of rows) latest.set(row.task_id, row);
  return latest;
}

// Approvals and stage periods --------------------------------------------------------------------

export function listApprovals(db: Executor, taskId: string) {
  return db
    .selectFrom("task_approvals")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "task_approvals.actor_id")
    .selectAll("task_approvals")
    .select(["users.name as actor_name", "users.role as actor_role"])
    .where("task_approvals.task_id", "=", taskId)
    .orderBy("task_approvals.id", "desc")
    .execute();
}

/** Stores an approval record (the decision and the snapshot of what was decided on). */
export async function insertApproval(tx: Executor, row: TaskApprovalsTable): Promise<void> {
  await tx.insertInto("task_approvals").values(row).execute();
}

export function listPeriods(db: Executor, taskId: string) {
  return db.selectFrom("task_stage_periods").selectAll().where("task_id", "=", taskId).orderBy("started_at").execute();
}

export async function openPeriod(db: Executor, period: Insertable<Database["task_stage_periods"]>): Promise<void> {
  await db.insertInto("task_stage_periods").values(period).execute();
}

export async function closeOpenPeriod(db: Executor, taskId: string, at: string): Promise<void> {
  await db.updateTable("task_stage_periods").set({ ended_at: at }).where("task_id", "=", taskId).where("ended_at", "is", null).execute();
}
