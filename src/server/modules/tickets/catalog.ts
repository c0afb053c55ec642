import type { TCannedReply, TCategory } from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import { catalog } from "../../platform/catalog";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import * as q from "./queries";

/** Admin-managed lists the ticket forms use: categories and canned replies. */

/** Ticket categories: the shared ordered-list catalog over `ticket_categories`. */
export const categories = catalog("ticket_categories", { noun: "category", eventType: "ticket_category" });

export async function listCategories(ctx: AppContext, includeDisabled: boolean): Promise<TCategory[]> {
  return categories.list(ctx.db, includeDisabled);
}

const presentCanned = (r: { id: string; title: string; body: string; updated_at: string }): TCannedReply => ({
  id: r.id,
  title: r.title,
  body: r.body,
  updatedAt: r.updated_at,
});

export async function listCannedReplies(ctx: AppContext): Promise<TCannedReply[]> {
  return (await q.cannedReplyRows(ctx.db)).map(presentCanned);
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
      await q.insertCannedReply(tx, row);
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "canned_reply.created",
        objectType: "canned_reply",
        objectId: row.id,
        payload: { title: row.title },
      });
      return presentCanned(row);
    }
    const row = await q.findCannedReply(tx, id);
    if (!row) throw notFound("Canned reply");
    const next = { title: input.title?.trim() ?? row.title, body: input.body ?? row.body, updated_at: now };
    await q.updateCannedReplyRow(tx, id, next);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "canned_reply.updated",
      objectType: "canned_reply",
      objectId: id,
      payload: { title: next.title, before: { title: row.title, body: row.body }, after: { title: next.title, body: next.body } },
    });
    return presentCanned({ id, ...next });
  });
}

export async function deleteCannedReply(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findCannedReply(tx, id);
    if (!row) throw notFound("Canned reply");
    await q.deleteCannedReplyRow(tx, id);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "canned_reply.deleted",
      objectType: "canned_reply",
      objectId: id,
      payload: { title: row.title },
    });
  });
}
