import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import { accountScope } from "../../platform/policy";

/** Recent events in the accounts the actor may see, optionally only the given verbs. */
export function recentEvents(db: Executor, actor: Actor, limit: number, verbs?: readonly string[]) {
  let query = db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_id")
    .selectAll("events")
    .select("users.name as actor_name")
    .where(accountScope(actor, "events.account_id"));
  if (verbs) query = query.where("events.verb", "in", verbs);
  return query.orderBy("events.id", "desc").limit(limit).execute();
}

export async function countVisibleAccounts(db: Executor, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom("client_accounts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(accountScope(actor, "client_accounts.id"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAwaitingApproval(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "pending")
    .where("password_hash", "is not", null)
    .where("email_verified_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
