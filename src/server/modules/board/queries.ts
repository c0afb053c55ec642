import { type Insertable, sql } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { Database, TaskStage } from "../../platform/db/schema";
import { type Cursor, containsPattern } from "../../platform/lists";
import { accountScope } from "../../platform/policy";

/** A task row with the names its card shows. */
function tasksWithNames(db: Executor) {
  return db
    .selectFrom("tasks")
    .innerJoin("client_accounts", "client_accounts.id", "tasks.account_id")
    .leftJoin("request_types", "request_types.id", "tasks.request_type_id")
    .select([
      "tasks.id",
      "tasks.number",
      "tasks.account_id",
      "tasks.summary",
      "tasks.request_type_id",
      "tasks.stage",
      "tasks.position",
      "tasks.deadline",
      "tasks.quote_state",
      "tasks.comment_count",
      "tasks.file_count",
      "tasks.created_at",
      "tasks.updated_at",
      "tasks.completed_at",
      "tasks.archived_at",
      "client_accounts.name as account_name",
      "request_types.name as request_type_name",
    ]);
}
export type TaskCardRow = Awaited<ReturnType<ReturnType<typeof tasksWithNames>["executeTakeFirstOrThrow"]>>;

/** Everything about one task inside the actor's tenant scope; undefined (→ 404) outside it. */
export function findVisibleTask(db: Executor, actor: Actor, id: string) {
  return tasksWithNames(db)
    .innerJoin("users as creator", "creator.id", "tasks.created_by")
    .leftJoin("task_templates", "task_templates.id", "tasks.template_id")
    .select([
      "tasks.description",
      "tasks.created_by",
      "tasks.template_id",
      "tasks.version",
      "tasks.stage_entered_at",
      "tasks.unarchived_at",
      "creator.name as creator_name",
      "creator.role as creator_role",
      "task_templates.name as template_name",
    ])
    .where("tasks.id", "=", id)
    .where(accountScope(actor, "tasks.account_id"))
    .executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof findVisibleTask>>>;

/**
 * One column of the board: the live (unarchived) cards of a stage, in order, inside the actor's
 * scope and optionally one account — only the columns a card shows, no joins (names come once).
 */
export function boardColumn(db: Executor, actor: Actor, stage: TaskStage, accountId: string | undefined, limit: number) {
  return db
    .selectFrom("tasks")
    .select(["id", "number", "summary", "stage", "request_type_id", "deadline", "account_id", "quote_state", "comment_count", "file_count"])
    .where(accountScope(actor, "tasks.account_id"))
    .$if(accountId !== undefined, (q) => q.where("tasks.account_id", "=", accountId as string))
    .where("tasks.stage", "=", stage)
    .where("tasks.archived_at", "is", null)
    .orderBy("tasks.position")
    .orderBy("tasks.id")
    .limit(limit)
    .execute();
}
export type BoardCardRow = Awaited<ReturnType<typeof boardColumn>>[number];

/** Names of these client accounts (the board names each client once). */
export function accountNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom("client_accounts").select(["id", "name"]).where("id", "in", ids).orderBy("name").execute();
}

/** Every request type's name, disabled ones too (older cards keep theirs). */
export function requestTypeNames(db: Executor) {
  return db.selectFrom("request_types").select(["id", "name"]).orderBy("position").execute();
}

/** Live tasks waiting for the client: in CLIENT APPROVAL, or with a quote to accept; oldest wait first. */
export function waitingForClient(db: Executor, actor: Actor, limit: number) {
  return tasksWithNames(db)
    .where(accountScope(actor, "tasks.account_id"))
    .where("tasks.archived_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("tasks.stage", "=", "client_approval"),
        eb.and([eb("tasks.stage", "=", "requested"), eb("tasks.quote_state", "=", "pending")]),
      ]),
    )
    .orderBy("tasks.updated_at")
    .limit(limit)
    .execute();
}

/** How many live cards each stage holds (same scope as the columns). */
export async function columnTotals(db: Executor, actor: Actor, accountId: string | undefined): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("tasks")
    .select(["tasks.stage", (eb) => eb.fn.countAll<number>().as("n")])
    .where(accountScope(actor, "tasks.account_id"))
    .$if(accountId !== undefined, (q) => q.where("tasks.account_id", "=", accountId as string))
    .where("tasks.archived_at", "is", null)
    .groupBy("tasks.stage")
    .execute();
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

/** Archived tasks, most recently archived first, keyset-paged; text search on number, summary, description. */
export function archivedTasks(
  db: Executor,
  actor: Actor,
  filter: { q?: string; accountId?: string },
  cursor: Cursor | undefined,
  limit: number,
) {
  let q = tasksWithNames(db).where(accountScope(actor, "tasks.account_id")).where("tasks.archived_at", "is not", null);
  if (filter.accountId) q = q.where("tasks.account_id", "=", filter.accountId);
  const text = filter.q?.trim();
  if (text) {
    const number = text.match(/^#?(\d{1,9})$/)?.[1];
    const like = containsPattern(text);
    q = q.where((eb) =>
      eb.or([
        ...(number ? [eb("tasks.number", "=", Number(number))] : []),
        eb(eb.fn("lower", ["tasks.summary"]), "like", sql<string>`${like} escape '\\'`),
        eb(eb.fn("lower", ["tasks.description"]), "like", sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (cursor) {
    q = q.where((eb) =>
      eb.or([eb("tasks.archived_at", "<", cursor.t), eb.and([eb("tasks.archived_at", "=", cursor.t), eb("tasks.id", "<", cursor.id)])]),
    );
  }
  return q
    .orderBy("tasks.archived_at", "desc")
    .orderBy("tasks.id", "desc")
    .limit(limit + 1)
    .execute();
}

// Positions --------------------------------------------------------------------------------------

/** The positions of the live cards of one account's column, in order. */
export function columnPositions(db: Executor, accountId: string, stage: TaskStage) {
  return db
    .selectFrom("tasks")
    .select(["id", "position"])
    .where("account_id", "=", accountId)
    .where("stage", "=", stage)
    .where("archived_at", "is", null)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** A card's place in its column: order is by position, then id. */
export interface ColumnPlace {
  id: string;
  position: number;
}

function liveColumn(db: Executor, accountId: string, stage: TaskStage, exceptId: string) {
  return db
    .selectFrom("tasks")
    .select(["id", "position"])
    .where("account_id", "=", accountId)
    .where("stage", "=", stage)
    .where("archived_at", "is", null)
    .where("id", "!=", exceptId);
}

const place = (row: { id: string; position: number } | undefined): ColumnPlace | undefined =>
  row ? { id: row.id, position: Number(row.position) } : undefined;

/** The first card of one account's column (leaving out the card being moved). */
export async function firstInColumn(db: Executor, accountId: string, stage: TaskStage, exceptId: string) {
  return place(await liveColumn(db, accountId, stage, exceptId).orderBy("position").orderBy("id").limit(1).executeTakeFirst());
}

/** The card right after `from` in one account's column. */
export async function nextInColumn(db: Executor, accountId: string, stage: TaskStage, exceptId: string, from: ColumnPlace) {
  return place(
    await liveColumn(db, accountId, stage, exceptId)
      .where((eb) => eb.or([eb("position", ">", from.position), eb.and([eb("position", "=", from.position), eb("id", ">", from.id)])]))
      .orderBy("position")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst(),
  );
}

/** The last card of one account's column at or before a position (a drop on the combined board). */
export async function lastAtOrBefore(db: Executor, accountId: string, stage: TaskStage, exceptId: string, position: number) {
  return place(
    await liveColumn(db, accountId, stage, exceptId)
      .where("position", "<=", position)
      .orderBy("position", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  );
}

export async function setPositions(db: Executor, positions: { id: string; position: number }[]): Promise<void> {
  for (const { id, position } of positions) await db.updateTable("tasks").set({ position }).where("id", "=", id).execute();
}

// Timeline, quotes, approvals, periods -----------------------------------------------------------

export function listComments(db: Executor, taskId: string) {
  return db
    .selectFrom("task_comments")
    .leftJoin("users", "users.id", "task_comments.author_id")
    .selectAll("task_comments")
    .select(["users.name as author_name", "users.role as author_role"])
    .where("task_comments.task_id", "=", taskId)
    .orderBy("task_comments.id")
    .execute();
}

export function listQuotes(db: Executor, taskId: string) {
  return db
    .selectFrom("task_quotes")
    .innerJoin("users as author", "author.id", "task_quotes.created_by")
    .leftJoin("users as decider", "decider.id", "task_quotes.decided_by")
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

/** The names of every file on a task and its comments, oldest first (an approval's snapshot lists them). */
export async function taskFileNames(db: Executor, taskId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("files")
    .leftJoin("task_comments", "task_comments.id", "files.owner_id")
    .select("files.name")
    .where((eb) =>
      eb.or([
        eb.and([eb("files.owner_type", "=", "task"), eb("files.owner_id", "=", taskId)]),
        eb.and([eb("files.owner_type", "=", "task_comment"), eb("task_comments.task_id", "=", taskId)]),
      ]),
    )
    .orderBy("files.id")
    .execute();
  return rows.map((row) => row.name);
}

export function listApprovals(db: Executor, taskId: string) {
  return db
    .selectFrom("task_approvals")
    .leftJoin("users", "users.id", "task_approvals.actor_id")
    .selectAll("task_approvals")
    .select(["users.name as actor_name", "users.role as actor_role"])
    .where("task_approvals.task_id", "=", taskId)
    .orderBy("task_approvals.id", "desc")
    .execute();
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

// Archive job ------------------------------------------------------------------------------------

/** Completed, unarchived tasks whose completion (or return from the archive) is older than `before`. */
export function tasksDueForArchive(db: Executor, before: string, limit: number) {
  return db
    .selectFrom("tasks")
    .select(["id", "number", "summary", "account_id"])
    .where("stage", "=", "completed")
    .where("archived_at", "is", null)
    .where("completed_at", "<", before)
    .where((eb) => eb.or([eb("unarchived_at", "is", null), eb("unarchived_at", "<", before)]))
    .orderBy("completed_at")
    .limit(limit)
    .execute();
}
