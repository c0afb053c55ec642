import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";

export interface RecentEventsFilter {
  /** Only these verbs. */
  verbs?: readonly string[];
  /** Never these verbs. */
  exceptVerbs?: readonly string[];
  /** Only events older than this id (the next batch of a feed). */
  before?: string;
}

/** Recent events in the accounts the actor may see, newest first. */
export function recentEvents(db: Executor, actor: Actor, limit: number, filter: RecentEventsFilter = {}) {
  let query = db
    .selectFrom("events")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "events.actor_id")
    .selectAll("events")
    .select("users.name as actor_name")
    .where(accountScope(actor, "events.account_id"));
  if (filter.verbs) query = query.where("events.verb", "in", filter.verbs.length ? filter.verbs : [""]);
  if (filter.exceptVerbs?.length) query = query.where("events.verb", "not in", filter.exceptVerbs);
  if (filter.before) query = query.where("events.id", "<", filter.before);
  return query.orderBy("events.id", "desc").limit(limit).execute();
}
export type RecentEventRow = Awaited<ReturnType<typeof recentEvents>>[number];
