import type { Insertable, Updateable } from "kysely";
import type { Executor } from "../../../platform/db/database";
import type { TaskTemplatesTable } from "../../../platform/db/schema";

/** Task templates with their request type's name. */
function templateRows(db: Executor) {
  return db
    .selectFrom("task_templates")
    .leftJoin("request_types", "request_types.id", "task_templates.request_type_id")
    .selectAll("task_templates")
    .select("request_types.name as request_type_name");
}
export type TemplateRow = Awaited<ReturnType<ReturnType<typeof templateRows>["executeTakeFirstOrThrow"]>>;

/** Every template (enabled ones only unless asked), in the admin's order. */
export function listTemplateRows(db: Executor, includeDisabled: boolean): Promise<TemplateRow[]> {
  return templateRows(db)
    .$if(!includeDisabled, (q) => q.where("task_templates.disabled", "=", 0))
    .orderBy("task_templates.position")
    .orderBy("task_templates.name")
    .execute();
}

/** One template with its request type's name; a disabled one only when asked. */
export function findTemplateRow(db: Executor, id: string, includeDisabled: boolean): Promise<TemplateRow | undefined> {
  return templateRows(db)
    .where("task_templates.id", "=", id)
    .$if(!includeDisabled, (q) => q.where("task_templates.disabled", "=", 0))
    .executeTakeFirst();
}

/** One template's own row, or undefined. */
export function findTemplateById(db: Executor, id: string) {
  return db.selectFrom("task_templates").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Does a template already have this name? */
export async function templateNameTaken(db: Executor, name: string): Promise<boolean> {
  return (await db.selectFrom("task_templates").select("id").where("name", "=", name).executeTakeFirst()) !== undefined;
}

/** The highest position a template has, or null when there is none (PostgreSQL may give it as text). */
export async function lastTemplatePosition(db: Executor): Promise<number | string | null> {
  const last = await db
    .selectFrom("task_templates")
    .select((eb) => eb.fn.max("position").as("p"))
    .executeTakeFirst();
  return last?.p ?? null;
}

/** Stores a new template. */
export async function insertTemplate(db: Executor, row: Insertable<TaskTemplatesTable>): Promise<void> {
  await db.insertInto("task_templates").values(row).execute();
}

/** Changes a template's columns. */
export async function updateTemplateRow(db: Executor, id: string, patch: Updateable<TaskTemplatesTable>): Promise<void> {
  await db.updateTable("task_templates").set(patch).where("id", "=", id).execute();
}
