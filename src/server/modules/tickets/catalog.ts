import type { TCannedReply, TCategory } from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { conflict, notFound } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";

/** Admin-managed lists the ticket forms use: categories and canned replies. */

const presentCategory = (r: { id: string; name: string; position: number; disabled: number }): TCategory => ({
  id: r.id,
  name: r.name,
  position: Number(r.position),
  disabled: Number(r.disabled) === 1,
});

export async function listCategories(ctx: AppContext, includeDisabled: boolean): Promise<TCategory[]> {
  let query = ctx.db.selectFrom("ticket_categories").selectAll();
  if (!includeDisabled) query = query.where("disabled", "=", 0);
  return (await query.orderBy("position").orderBy("name").execute()).map(presentCategory);
}

export async function createCategory(ctx: AppContext, actor: Actor, name: string): Promise<TCategory> {
  return ctx.db.transaction().execute(async (tx) => {
    const clash = await tx.selectFrom("ticket_categories").select("id").where("name", "=", name.trim()).executeTakeFirst();
    if (clash) throw conflict("A category with this name already exists.", "name");
    const last = await tx
      .selectFrom("ticket_categories")
      .select((eb) => eb.fn.max("position").as("p"))
      .executeTakeFirst();
    const row = { id: newId(), name: name.trim(), position: Number(last?.p ?? -1) + 1, disabled: 0, created_at: nowIso() };
    await tx.insertInto("ticket_categories").values(row).execute();
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ticket_category.created",
      objectType: "ticket_category",
      objectId: row.id,
      payload: { name: row.name },
    });
    return presentCategory(row);
  });
}

/** Rename, move or disable. A category in use is disabled, never deleted: old tickets keep it. */
export async function updateCategory(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { name?: string; position?: number; disabled?: boolean },
): Promise<TCategory> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("ticket_categories").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("Category");
    if (patch.name && patch.name.trim() !== row.name) {
      const clash = await tx.selectFrom("ticket_categories").select("id").where("name", "=", patch.name.trim()).executeTakeFirst();
      if (clash) throw conflict("A category with this name already exists.", "name");
    }
    const next = {
      name: patch.name?.trim() ?? row.name,
      position: patch.position ?? Number(row.position),
      disabled: patch.disabled === undefined ? Number(row.disabled) : patch.disabled ? 1 : 0,
    };
    await tx.updateTable("ticket_categories").set(next).where("id", "=", id).execute();
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ticket_category.updated",
      objectType: "ticket_category",
      objectId: id,
      payload: { before: { name: row.name, position: row.position, disabled: row.disabled }, after: next },
    });
    return presentCategory({ id, ...next });
  });
}

const presentCanned = (r: { id: string; title: string; body: string; updated_at: string }): TCannedReply => ({
  id: r.id,
  title: r.title,
  body: r.body,
  updatedAt: r.updated_at,
});

export async function listCannedReplies(ctx: AppContext): Promise<TCannedReply[]> {
  return (await ctx.db.selectFrom("canned_replies").selectAll().orderBy("title").execute()).map(presentCanned);
}

export async function saveCannedReply(
  ctx: AppContext,
  actor: Actor,
  id: string | undefined,
  input: { title?: string; body?: string },
): Promise<TCannedReply> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    if (!id) {
      const row = { id: newId(), title: input.title?.trim() ?? "", body: input.body ?? "", created_at: now, updated_at: now };
      await tx.insertInto("canned_replies").values(row).execute();
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "canned_reply.created",
        objectType: "canned_reply",
        objectId: row.id,
        payload: { title: row.title },
      });
      return presentCanned(row);
    }
    const row = await tx.selectFrom("canned_replies").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("Canned reply");
    const next = { title: input.title?.trim() ?? row.title, body: input.body ?? row.body, updated_at: now };
    await tx.updateTable("canned_replies").set(next).where("id", "=", id).execute();
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "canned_reply.updated",
      objectType: "canned_reply",
      objectId: id,
      payload: { title: next.title },
    });
    return presentCanned({ id, ...next });
  });
}

export async function deleteCannedReply(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("canned_replies").select(["id", "title"]).where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("Canned reply");
    await tx.deleteFrom("canned_replies").where("id", "=", id).execute();
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "canned_reply.deleted",
      objectType: "canned_reply",
      objectId: id,
      payload: { title: row.title },
    });
  });
}
