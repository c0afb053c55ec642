import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { ClientAccountRow } from "../../platform/db/schema";
import { accountScope } from "../../platform/policy";

export function findAccountRow(db: Executor, id: string): Promise<ClientAccountRow | undefined> {
  return db.selectFrom("client_accounts").selectAll().where("id", "=", id).executeTakeFirst();
}

export const ACCOUNT_PAGE_SIZE = 50;

/** The client accounts this actor may see (tenant scope applied), newest name-sorted page. */
export async function listVisibleAccounts(
  db: Executor,
  actor: Actor,
  filter: { q?: string; page: number },
): Promise<{ rows: ClientAccountRow[]; total: number }> {
  let query = db.selectFrom("client_accounts").where(accountScope(actor, "client_accounts.id"));
  if (filter.q) {
    const like = `%${filter.q.trim().toLowerCase()}%`;
    query = query.where((eb) => eb(eb.fn("lower", ["client_accounts.name"]), "like", like));
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll("client_accounts")
    .orderBy("client_accounts.name")
    .orderBy("client_accounts.id")
    .limit(ACCOUNT_PAGE_SIZE)
    .offset((filter.page - 1) * ACCOUNT_PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

/** Assigned agents for many accounts in one query (no N+1 on the list page). */
export async function agentsOf(db: Executor, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom("account_agents")
    .innerJoin("users", "users.id", "account_agents.user_id")
    .select(["account_agents.account_id", "users.id", "users.name", "users.email"])
    .where("account_agents.account_id", "in", accountIds)
    .orderBy("users.name")
    .execute();
}

export async function contactCounts(db: Executor, accountIds: string[]): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["account_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("account_id", "in", accountIds)
    .groupBy("account_id")
    .execute();
  return new Map(rows.map((r) => [r.account_id as string, Number(r.n)]));
}

export async function assignAgent(db: Executor, accountId: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto("account_agents")
    .values({ account_id: accountId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(["account_id", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unassignAgent(db: Executor, accountId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom("account_agents").where("account_id", "=", accountId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countVisibleContacts(db: Executor, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "client")
    .where(accountScope(actor, "users.account_id"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
