import type { TTaskTemplate } from "../../../common/board";
import type { Actor } from "../../platform/auth/sessions";
import { catalog } from "../../platform/catalog";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import * as q from "./queries";

/** Work request types: the shared ordered-list catalog over `request_types` (seeded with the guide's eight). */
export const requestTypes = catalog("request_types", { noun: "request type", eventType: "request_type" });

/** A request type people may still choose, or a 400 naming the field. */
export async function requireRequestType(db: Executor, id: string, field = "requestTypeId") {
  const type = await requestTypes.enabled(db, id);
  if (!type) throw validation(field, "Choose one of the listed request types.");
  return type;
}

// Task templates ---------------------------------------------------------------------------------

function presentTemplate(row: q.TemplateRow): TTaskTemplate {
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
  return (await q.listTemplateRows(db, includeDisabled)).map(presentTemplate);
}

/** One template, or undefined; a disabled one only when asked (admins; it no longer shows on the board). */
export async function findTemplate(db: Executor, id: string, includeDisabled: boolean): Promise<TTaskTemplate | undefined> {
  const row = await q.findTemplateRow(db, id, includeDisabled);
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
    const existing = id ? await q.findTemplateById(tx, id) : undefined;
    if (id && !existing) throw notFound("Template");
    const name = input.name?.trim();
    if (name && name !== existing?.name) {
      if (await q.templateNameTaken(tx, name)) throw conflict("A template with this name already exists.", "name");
    }
    if (input.requestTypeId && input.requestTypeId !== existing?.request_type_id) await requireRequestType(tx, input.requestTypeId);
    const now = nowIso();
    const templateId = id ?? newId();
    if (existing) {
      await q.updateTemplateRow(tx, templateId, {
        name: name ?? existing.name,
        summary: input.summary?.trim() ?? existing.summary,
        description: input.description ?? existing.description,
        request_type_id: input.requestTypeId === undefined ? existing.request_type_id : input.requestTypeId,
        position: input.position ?? existing.position,
        disabled: input.disabled === undefined ? existing.disabled : input.disabled ? 1 : 0,
        updated_at: now,
      });
    } else {
      const last = await q.lastTemplatePosition(tx);
      await q.insertTemplate(tx, {
        id: templateId,
        name: name ?? "",
        summary: input.summary?.trim() ?? "",
        description: input.description ?? "",
        request_type_id: input.requestTypeId ?? null,
        position: Number(last ?? -1) + 1,
        disabled: 0,
        created_at: now,
        updated_at: now,
      });
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
