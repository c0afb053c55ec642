import type { Executor } from "../../platform/db/database";
import { joinablePeople } from "../accounts/queries";

export const PAGE_SIZE = 50;

export async function listMail(db: Executor, filter: { to?: string; page: number }) {
  let query = db.selectFrom("mailbox");
  if (filter.to) query = query.where("to_address", "like", `%${filter.to.trim().toLowerCase()}%`);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(["id", "to_address", "subject", "created_at"])
    .orderBy("id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

export function findMail(db: Executor, id: string) {
  return db.selectFrom("mailbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listEvents(db: Executor, filter: { verb?: string; page: number }) {
  let query = db.selectFrom("events").leftJoin(joinablePeople(db).as("users"), "users.id", "events.actor_id");
  if (filter.verb) query = query.where("events.verb", "like", `%${filter.verb.trim()}%`);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll("events")
    .select(["users.name as actor_name"])
    .orderBy("events.id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}
