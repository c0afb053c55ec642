import type { TCreateHelpCategoryRequest, THelpCategory, THelpCategoryList, TUpdateHelpCategoryRequest } from "../../../common/help";
import { searchKey } from "../../../common/help";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { assertAllowed, conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { deleteCategoryDecision, helpDecisions, readerOf } from "./policy";
import * as q from "./queries";

/*
 * Help categories: an admin-ordered list the Help page groups articles by. Renamed and moved
 * freely; deleted only when empty (help_category_not_empty), so every article keeps one.
 */

const taken = () => conflict("A help category with this name already exists.", "name");

function cleanName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (!name) throw validation("name", "Give the category a name.");
  return name;
}

/** Every category in order, with the articles the actor can read in each. */
export async function listHelpCategories(ctx: AppContext, actor: Actor): Promise<THelpCategoryList> {
  const rows = await q.listCategories(ctx.db, readerOf(actor));
  return {
    data: rows.map((r) => ({ id: r.id, name: r.name, position: Number(r.position), articleCount: Number(r.article_count) })),
  };
}

async function presentOne(ctx: AppContext, actor: Actor, id: string): Promise<{ data: THelpCategory }> {
  const found = (await listHelpCategories(ctx, actor)).data.find((c) => c.id === id);
  if (!found) throw notFound("Help category");
  return { data: found };
}

/** An admin adds a category at the end of the list. */
export async function createHelpCategory(ctx: AppContext, actor: Actor, input: TCreateHelpCategoryRequest) {
  assertAllowed(helpDecisions(actor).manage);
  const name = cleanName(input.name);
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    if (await q.findCategoryByKey(tx, searchKey(name))) throw taken();
    const now = nowIso();
    const position = (await q.lastCategoryPosition(tx)) + 1;
    await q.insertCategory(tx, { id, name, name_key: searchKey(name), position, created_at: now, updated_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "help_category.created",
      objectType: "help_category",
      objectId: id,
      payload: { categoryId: id, name },
    });
  });
  return presentOne(ctx, actor, id);
}

/** An admin renames or moves a category. */
export async function updateHelpCategory(ctx: AppContext, actor: Actor, id: string, patch: TUpdateHelpCategoryRequest) {
  assertAllowed(helpDecisions(actor).manage);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findCategory(tx, id);
    if (!row) throw notFound("Help category");
    const name = patch.name === undefined ? row.name : cleanName(patch.name);
    if (searchKey(name) !== row.name_key) {
      const other = await q.findCategoryByKey(tx, searchKey(name));
      if (other && other.id !== id) throw taken();
    }
    const position = patch.position ?? Number(row.position);
    if (name === row.name && position === Number(row.position)) return;
    await q.updateCategoryRow(tx, id, { name, name_key: searchKey(name), position, updated_at: nowIso() });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "help_category.updated",
      objectType: "help_category",
      objectId: id,
      payload: { categoryId: id, name, before: { name: row.name, position: Number(row.position) }, after: { name, position } },
    });
  });
  return presentOne(ctx, actor, id);
}

/** An admin deletes an empty category (one with articles: 409 help_category_not_empty). */
export async function deleteHelpCategory(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  assertAllowed(helpDecisions(actor).manage);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findCategory(tx, id);
    if (!row) throw notFound("Help category");
    assertAllowed(deleteCategoryDecision(await q.countArticlesIn(tx, id)));
    await q.deleteCategoryRow(tx, id);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "help_category.deleted",
      objectType: "help_category",
      objectId: id,
      payload: { categoryId: id, name: row.name },
    });
  });
}
