import type { TTaskTemplate } from "../../../common/board";
import type { Actor } from "../../platform/auth/sessions";
import { catalog } from "../../platform/catalog";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";

/** Work request types: the shared ordered-list catalog over `request_types` (seeded with the guide's eight). */
export const requestTypes = catalog("request_types", { noun: "request type", eventType: "request_type" });

/** A request type people may still choose, or a 400 naming the field. */
export async function requireRequestType(db: Executor, id: string, field = "requestTypeId") {
  const type = await requestTypes.enabled(db, id);
  if (!type) throw validation(field, "Choose one of the listed request types.");
  return type;
}

// Task templates ---------------------------------------------------------------------------------

function templateRows(db: Executor) {
  return db
    .selectFrom("task_templates")
    .leftJoin("request_types", "request_types.id", "task_templates.request_type_id")
    .selectAll("task_templates")
    .select("request_types.name as request_type_name");
}

function presentTemplate(row: Awaited<ReturnType<ReturnType<typeof templateRows>["executeTakeFirstOrThrow"]>>): TTaskTemplate {
  return {
    id: row.id,
    name: row.name,
    summary: row.summary,
    description: row.description,
    requestType: row.request_type_id ? { id: row.request_type_id, name: row.request_type_name ?? "" } : null,
    position: Number(row.position),
    disabled: Number(row.disabled) === 1,
  };
}

export async function listTemplates(db: Executor, includeDisabled: boolean): Promise<TTaskTemplate[]> {
  const rows = await templateRows(db)
    .$if(!includeDisabled, (q) => q.where("task_templates.disabled", "=", 0))
    .orderBy("task_templates.position")
    .orderBy("task_templates.name")
    .execute();
  return rows.map(presentTemplate);
}

/** One template, or undefined; a disabled one only when asked (admins; it no longer shows on the board). */
export async function findTemplate(db: Executor, id: string, includeDisabled: boolean): Promise<TTaskTemplate | undefined> {
  const row = await templateRows(db)
    .where("task_templates.id", "=", id)
    .$if(!includeDisabled, (q) => q.where("task_templates.disabled", "=", 0))
    .executeTakeFirst();
  return row ? presentTemplate(row) : undefined;
}

/** One template, or the 404 a missing one answers. */
export async function getTemplate(db: Executor, id: string, includeDisabled: boolean): Promise<TTaskTemplate> {
  const template = await findTemplate(db, id, includeDisabled);
  if (!template) throw notFound("Template");
  return template;
}

interface TemplateInput {
  name?: string;
  summary?: string;
  description?: string;
  requestTypeId?: string | null;
  position?: number;
  disabled?: boolean;
}

/** Creates (no id) or changes a template; names are unique; the request type must be enabled. */
export async function saveTemplate(ctx: AppContext, actor: Actor, id: string | undefined, input: TemplateInput): Promise<TTaskTemplate> {
  return ctx.db.transaction().execute(async (tx) => {
    const existing = id ? await tx.selectFrom("task_templates").selectAll().where("id", "=", id).executeTakeFirst() : undefined;
    if (id && !existing) throw notFound("Template");
    const name = input.name?.trim();
    if (name && name !== existing?.name) {
      const clash = await tx.selectFrom("task_templates").select("id").where("name", "=", name).executeTakeFirst();
      if (clash) throw conflict("A template with this name already exists.", "name");
    }
    if (input.requestTypeId && input.requestTypeId !== existing?.request_type_id) await requireRequestType(tx, input.requestTypeId);
    const now = nowIso();
    const templateId = id ?? newId();
    if (existing) {
      await tx
        .updateTable("task_templates")
        .set({
          name: name ?? existing.name,
          summary: input.summary?.trim() ?? existing.summary,
          description: input.description ?? existing.description,
          request_type_id: input.requestTypeId === undefined ? existing.request_type_id : input.requestTypeId,
          position: input.position ?? existing.position,
          disabled: input.disabled === undefined ? existing.disabled : input.disabled ? 1 : 0,
          updated_at: now,
        })
        .where("id", "=", templateId)
        .execute();
    } else {
      const last = await tx
        .selectFrom("task_templates")
        .select((eb) => eb.fn.max("position").as("p"))
        .executeTakeFirst();
      await tx
        .insertInto("task_templates")
        .values({
          id: templateId,
          name: name ?? "",
          summary: input.summary?.trim() ?? "",
          description: input.description ?? "",
          request_type_id: input.requestTypeId ?? null,
          position: Number(last?.p ?? -1) + 1,
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await recordEvent(tx, {
      actorId: actor.id,
      verb: existing ? "task_template.updated" : "task_template.created",
      objectType: "task_template",
      objectId: templateId,
      payload: { name: name ?? existing?.name },
    });
    return getTemplate(tx, templateId, true);
  });
}
