import { sql } from "kysely";
import type { Actor } from "../../../platform/auth/sessions";
import type { Executor } from "../../../platform/db/database";
import type { TaskStage } from "../../../platform/db/schema";
import { type Cursor, containsPattern } from "../../../platform/lists";
import { accountScope } from "../../../platform/policy";
import { joinablePeople } from "../../accounts/queries";
import { joinableAccounts } from "../../clients/queries";
import { tasksWithNames } from "./tasks";

/**
 * The board's filters, already checked by the service (see `getBoard`), combined with AND. Each
 * is absent when not asked for; the account scope is applied beside them, never instead of them.
 */
export interface BoardFilter {
  /** A staff member's id, or null for the cards nobody is assigned to. */
  assigneeId?: string | null;
  requestTypeId?: string;
  /** Deadlines as calendar days (YYYY-MM-DD); completed work is never due. */
  due?: { kind: "overdue" | "week" | "none"; today: string; weekEnd: string };
  /** Words in the summary (a `containsPattern`), or the task's number. */
  text?: { like: string; number: number | null };
}

/**
 * The live (unarchived) cards inside the actor's scope — optionally one account and one stage —
 * narrowed by the board's filters (each one a `$if`: an absent filter adds nothing). The board's
 * columns, their totals and its assignee filter all read this set.
 */
export function liveCards(db: Executor, actor: Actor, accountId: string | undefined, filter: BoardFilter = {}, stage?: TaskStage) {
  const { assigneeId, requestTypeId, due, text } = filter;
  return db
    .selectFrom("tasks")
    .where(accountScope(actor, "tasks.account_id"))
    .$if(accountId !== undefined, (q) => q.where("tasks.account_id", "=", accountId as string))
    .$if(stage !== undefined, (q) => q.where("tasks.stage", "=", stage as TaskStage))
    .where("tasks.archived_at", "is", null)
    .$if(assigneeId === null, (q) => q.where("tasks.assignee_id", "is", null))
    .$if(typeof assigneeId === "string", (q) => q.where("tasks.assignee_id", "=", assigneeId as string))
    .$if(requestTypeId !== undefined, (q) => q.where("tasks.request_type_id", "=", requestTypeId as string))
    .$if(due?.kind === "none", (q) => q.where("tasks.deadline", "is", null))
    .$if(due?.kind === "overdue", (q) => q.where("tasks.deadline", "<", due?.today as string).where("tasks.stage", "!=", "completed"))
    .$if(due?.kind === "week", (q) =>
      q
        .where("tasks.deadline", ">=", due?.today as string)
        .where("tasks.deadline", "<=", due?.weekEnd as string)
        .where("tasks.stage", "!=", "completed"),
    )
    .$if(text !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          ...(text?.number != null ? [eb("tasks.number", "=", text.number)] : []),
          eb(eb.fn("lower", ["tasks.summary"]), "like", sql<string>`${text?.like} escape '\\'`),
        ]),
      ),
    );
}

/**
 * One column of the board, built but not run (`scripts/sql-snapshots.ts` compiles it): the live
 * cards of a stage (`liveCards`), in order — only the columns a card shows, no joins (names come once).
 */
export function boardColumnQuery(
  db: Executor,
  actor: Actor,
  stage: TaskStage,
  accountId: string | undefined,
  limit: number,
  filter: BoardFilter = {},
) {
  return liveCards(db, actor, accountId, filter, stage)
    .select([
      "id",
      "number",
      "summary",
      "stage",
      "request_type_id",
      "deadline",
      "account_id",
      "quote_state",
      "comment_count",
      "file_count",
      "assignee_id",
    ])
    .orderBy("tasks.position")
    .orderBy("tasks.id")
    .limit(limit);
}

/** The cards of one column of the board (see `boardColumnQuery`). */
export const boardColumn = (...args: Parameters<typeof boardColumnQuery>) => boardColumnQuery(...args).execute();
export type BoardCardRow = Awaited<ReturnType<typeof boardColumn>>[number];

/** How many live cards each stage holds (same scope and filters as the columns), built but not run. */
export function columnTotalsQuery(db: Executor, actor: Actor, accountId: string | undefined, filter: BoardFilter = {}) {
  return liveCards(db, actor, accountId, filter)
    .select(["tasks.stage", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("tasks.stage");
}

/** How many live cards each stage holds (see `columnTotalsQuery`). */
export async function columnTotals(...args: Parameters<typeof columnTotalsQuery>): Promise<Map<string, number>> {
  const rows = await columnTotalsQuery(...args).execute();
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

/**
 * The staff assigned to live tasks inside the actor's scope (optionally one account), by name:
 * whom the board's assignee filter offers.
 */
export function boardAssignees(db: Executor, actor: Actor, accountId: string | undefined) {
  return liveCards(db, actor, accountId)
    .innerJoin(joinablePeople(db).as("people"), "people.id", "tasks.assignee_id")
    .select(["people.id", "people.name", "people.role"])
    .distinct()
    .orderBy("people.name")
    .orderBy("people.id")
    .execute();
}

/** Every request type's name, disabled ones too (older cards keep theirs). */
export function requestTypeNames(db: Executor) {
  return db.selectFrom("request_types").select(["id", "name"]).orderBy("position").execute();
}

/** Live tasks waiting for the client: in CLIENT APPROVAL, or with a quote to accept (before or during the work); oldest wait first. */
export function waitingForClient(db: Executor, actor: Actor, limit: number) {
  return tasksWithNames(db)
    .where(accountScope(actor, "tasks.account_id"))
    .where("tasks.archived_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("tasks.stage", "=", "client_approval"),
        eb.and([eb("tasks.stage", "in", ["requested", "in_progress", "on_hold"]), eb("tasks.quote_state", "=", "pending")]),
      ]),
    )
    .orderBy("tasks.updated_at")
    .limit(limit)
    .execute();
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
    // "318", "#318" or a reference as the screen shows it ("WEB-318").
    const number = text.match(/^(?:#|[a-z][a-z0-9]*-)?(\d{1,9})$/i)?.[1];
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

/** Saves cards' positions, one update each. */
export async function setPositions(db: Executor, positions: { id: string; position: number }[]): Promise<void> {
  for (const { id, position } of positions) await db.updateTable("tasks").set({ position }).where("id", "=", id).execute();
}

/** Live tasks in the actor's scope with their account's name: the base of the "next actions" reads. */
function liveTasksInScope(db: Executor, actor: Actor) {
  return db
    .selectFrom("tasks")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "tasks.account_id")
    .where(accountScope(actor, "tasks.account_id"))
    .where("tasks.archived_at", "is", null)
    .select(["tasks.id", "tasks.summary", "client_accounts.id as account_id", "client_accounts.name as account_name"]);
}

/** New requests in REQUESTED WORK without a pending quote, longest waiting first. */
export function newRequests(db: Executor, actor: Actor, limit: number) {
  return liveTasksInScope(db, actor)
    .where("tasks.stage", "=", "requested")
    .where("tasks.quote_state", "!=", "pending")
    .select("tasks.stage_entered_at as since")
    .orderBy("tasks.stage_entered_at")
    .limit(limit)
    .execute();
}

/** Tasks in CLIENT APPROVAL, longest waiting first. */
export function tasksAwaitingApproval(db: Executor, actor: Actor, limit: number) {
  return liveTasksInScope(db, actor)
    .where("tasks.stage", "=", "client_approval")
    .select("tasks.stage_entered_at as since")
    .orderBy("tasks.stage_entered_at")
    .limit(limit)
    .execute();
}

/** Tasks with a quote waiting for the client's decision, oldest quote first. */
export function tasksWithPendingQuote(db: Executor, actor: Actor, limit: number) {
  return liveTasksInScope(db, actor)
    .innerJoin("task_quotes", (join) => join.onRef("task_quotes.task_id", "=", "tasks.id").on("task_quotes.status", "=", "pending"))
    .where("tasks.stage", "in", ["requested", "in_progress", "on_hold"])
    .where("tasks.quote_state", "=", "pending")
    .select("task_quotes.created_at as since")
    .orderBy("task_quotes.created_at")
    .limit(limit)
    .execute();
}
