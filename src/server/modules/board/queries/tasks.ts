import type { Insertable, Updateable } from "kysely";
import type { Actor } from "../../../platform/auth/sessions";
import type { Executor } from "../../../platform/db/database";
import type { TasksTable } from "../../../platform/db/schema";
import { accountScope } from "../../../platform/policy";
import { joinablePeople } from "../../accounts/queries";
import { joinableAccounts } from "../../clients/queries";
import type { ReplyRef } from "../../inbound/service";

/** A task row with the names its card shows. */
export function tasksWithNames(db: Executor) {
  return db
    .selectFrom("tasks")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "tasks.account_id")
    .leftJoin("request_types", "request_types.id", "tasks.request_type_id")
    .leftJoin(joinablePeople(db).as("assignee"), "assignee.id", "tasks.assignee_id")
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
      "tasks.assignee_id",
      "assignee.name as assignee_name",
    ]);
}
export type TaskCardRow = Awaited<ReturnType<ReturnType<typeof tasksWithNames>["executeTakeFirstOrThrow"]>>;

/** Everything about one task inside the actor's tenant scope; undefined (→ 404) outside it. */
export function findVisibleTask(db: Executor, actor: Actor, id: string) {
  return tasksWithNames(db)
    .innerJoin(joinablePeople(db).as("creator"), "creator.id", "tasks.created_by")
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

/** Names of these people (the board names each assignee once). */
export function peopleNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom(joinablePeople(db).as("people"))
    .select(["people.id", "people.name"])
    .where("people.id", "in", ids)
    .orderBy("people.name")
    .execute();
}

/** Stores a new task (a card). */
export async function insertTask(tx: Executor, row: Insertable<TasksTable>): Promise<void> {
  await tx.insertInto("tasks").values(row).execute();
}

/** Applies a change to a task, bumping its version and setting its activity time. */
export async function touchTask(tx: Executor, taskId: string, set: Updateable<TasksTable>, now: string): Promise<void> {
  await tx
    .updateTable("tasks")
    .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: now }))
    .where("id", "=", taskId)
    .execute();
}

/** Counts one more public comment on the card, and the files it brought. */
export async function countComment(tx: Executor, taskId: string, files: number): Promise<void> {
  await tx
    .updateTable("tasks")
    .set((eb) => ({ comment_count: eb("comment_count", "+", 1), file_count: eb("file_count", "+", files) }))
    .where("id", "=", taskId)
    .execute();
}

/** Counts `added` more files on the card (the request's own). */
export async function countFiles(tx: Executor, taskId: string, added: number): Promise<void> {
  await tx
    .updateTable("tasks")
    .set((eb) => ({ file_count: eb("file_count", "+", added) }))
    .where("id", "=", taskId)
    .execute();
}

/**
 * Archives (`archived`) or unarchives a task, only from the other state: false when another
 * instance or person got there first.
 */
export async function setArchivedAt(tx: Executor, taskId: string, archived: boolean, now: string): Promise<boolean> {
  const result = await tx
    .updateTable("tasks")
    .set(archived ? { archived_at: now } : { archived_at: null, unarchived_at: now })
    .where("id", "=", taskId)
    .where("archived_at", archived ? "is" : "is not", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

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

export function taskById(db: Executor, id: string): Promise<ReplyRef | undefined> {
  return db.selectFrom("tasks").select(["id", "number", "account_id"]).where("id", "=", id).executeTakeFirst();
}

export function taskByNumber(db: Executor, number: number): Promise<ReplyRef | undefined> {
  return db.selectFrom("tasks").select(["id", "number", "account_id"]).where("number", "=", number).executeTakeFirst();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountTasks(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.tasks = Number(
    (await tx.updateTable("tasks").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  moved.quotes = Number(
    (await tx.updateTable("task_quotes").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  moved.approvals = Number(
    (await tx.updateTable("task_approvals").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  moved.stagePeriods = Number(
    (await tx.updateTable("task_stage_periods").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst())
      .numUpdatedRows,
  );
  return moved;
}
