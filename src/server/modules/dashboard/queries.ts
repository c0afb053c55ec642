import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";

/** Recent events in the accounts the actor may see, optionally only the given verbs. */
export function recentEvents(db: Executor, actor: Actor, limit: number, verbs?: readonly string[]) {
  let query = db
    .selectFrom("events")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "events.actor_id")
    .selectAll("events")
    .select("users.name as actor_name")
    .where(accountScope(actor, "events.account_id"));
  if (verbs) query = query.where("events.verb", "in", verbs);
  return query.orderBy("events.id", "desc").limit(limit).execute();
}
