import type { Actor } from "./auth/sessions";
import type { Db, Executor } from "./db/database";
import { conflict, notFound } from "./errors";
import { recordEvent } from "./events";
import { newId, nowIso } from "./ids";

/**
 * An admin-managed ordered list of names that people pick from: ticket categories, work
 * request types. Each entry can be renamed, moved and disabled; an entry in use is disabled,
 * never deleted, so what was filed under it keeps its name.
 */
export interface CatalogEntry {
  id: string;
  name: string;
  position: number;
  disabled: boolean;
}

/** The tables that hold such a list (same columns: id, name, position, disabled, created_at). */
export type CatalogTable = "ticket_categories" | "request_types";

export interface Catalog {
  list(db: Executor, includeDisabled: boolean): Promise<CatalogEntry[]>;
  /** An enabled entry by id, or undefined. */
  enabled(db: Executor, id: string): Promise<CatalogEntry | undefined>;
  create(db: Db, actor: Actor, name: string): Promise<CatalogEntry>;
  update(db: Db, actor: Actor, id: string, patch: { name?: string; position?: number; disabled?: boolean }): Promise<CatalogEntry>;
}

const present = (r: { id: string; name: string; position: number; disabled: number }): CatalogEntry => ({
  id: r.id,
  name: r.name,
  position: Number(r.position),
  disabled: Number(r.disabled) === 1,
});

/**
 * The list kept in `table`. `noun` names one entry in messages ("category"); `eventType` is the
 * audit log's object type (`ticket_category` → `ticket_category.created`).
 */
export function catalog(table: CatalogTable, words: { noun: string; eventType: "ticket_category" | "request_type" }): Catalog {
  // Why the cast: both tables have the same columns, and Kysely cannot type a query over a
  // union of table names; every query below only touches those shared columns.
  const from = (db: Executor) => db.selectFrom(table as "request_types");
  const taken = () => conflict(`A ${words.noun} with this name already exists.`, "name");
  const Noun = words.noun.charAt(0).toUpperCase() + words.noun.slice(1);

  return {
    async list(db, includeDisabled) {
      let query = from(db).selectAll();
      if (!includeDisabled) query = query.where("disabled", "=", 0);
      return (await query.orderBy("position").orderBy("name").execute()).map(present);
    },

    async enabled(db, id) {
      const row = await from(db).selectAll().where("id", "=", id).where("disabled", "=", 0).executeTakeFirst();
      return row ? present(row) : undefined;
    },

    create(db, actor, rawName) {
      const name = rawName.trim();
      return db.transaction().execute(async (tx) => {
        if (await from(tx).select("id").where("name", "=", name).executeTakeFirst()) throw taken();
        const last = await from(tx)
          .select((eb) => eb.fn.max("position").as("p"))
          .executeTakeFirst();
        const row = { id: newId(), name, position: Number(last?.p ?? -1) + 1, disabled: 0, created_at: nowIso() };
        await tx
          .insertInto(table as "request_types")
          .values(row)
          .execute();
        await recordEvent(tx, {
          actorId: actor.id,
          verb: `${words.eventType}.created`,
          objectType: words.eventType,
          objectId: row.id,
          payload: { name },
        });
        return present(row);
      });
    },

    update(db, actor, id, patch) {
      return db.transaction().execute(async (tx) => {
        const row = await from(tx).selectAll().where("id", "=", id).executeTakeFirst();
        if (!row) throw notFound(Noun);
        const name = patch.name?.trim();
        if (name && name !== row.name && (await from(tx).select("id").where("name", "=", name).executeTakeFirst())) throw taken();
        const next = {
          name: name ?? row.name,
          position: patch.position ?? Number(row.position),
          disabled: patch.disabled === undefined ? Number(row.disabled) : patch.disabled ? 1 : 0,
        };
        await tx
          .updateTable(table as "request_types")
          .set(next)
          .where("id", "=", id)
          .execute();
        await recordEvent(tx, {
          actorId: actor.id,
          verb: `${words.eventType}.updated`,
          objectType: words.eventType,
          objectId: id,
          payload: { before: { name: row.name, position: row.position, disabled: row.disabled }, after: next },
        });
        return present({ id, ...next });
      });
    },
  };
}
