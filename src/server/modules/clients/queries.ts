import { sql } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { ClientAccountRow } from "../../platform/db/schema";
import { accountScope } from "../../platform/policy";
import { type Contact, joinableActiveStaff, joinablePeople } from "../accounts/queries";

/*
 * The clients module owns `client_accounts`, `account_agents` and `account_domains`. Other modules read them only
 * through the functions here; to show an account's name beside their own rows in one query they
 * join `joinableAccounts`.
 */

/** Client accounts as another module's query may join them: id and name. */
export function joinableAccounts(db: Executor) {
  return db.selectFrom("client_accounts").select(["client_accounts.id", "client_accounts.name"]);
}

export function findAccountRow(db: Executor, id: string): Promise<ClientAccountRow | undefined> {
  return db.selectFrom("client_accounts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Stores a new client account. */
/**
 * Holds the account's row until the transaction ends, so changes that read then write one
 * account's data in order (where a card lands in a column) run one after another. A no-op update:
 * the one row lock both databases take the same way (SQLite's transaction already has the writer).
 */
export async function lockAccount(tx: Executor, id: string): Promise<void> {
  await tx
    .updateTable("client_accounts")
    .set({ updated_at: sql.ref("updated_at") })
    .where("id", "=", id)
    .execute();
}

export async function insertAccount(db: Executor, row: ClientAccountRow): Promise<void> {
  await db.insertInto("client_accounts").values(row).execute();
}

/** Changes an account's name, phone and website. */
export async function updateAccountRow(
  db: Executor,
  id: string,
  patch: Pick<ClientAccountRow, "name" | "name_key" | "phone" | "website" | "updated_at">,
): Promise<void> {
  await db.updateTable("client_accounts").set(patch).where("id", "=", id).execute();
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

/** How many client accounts the actor may see (tenant scope applied). */
export async function countVisibleAccounts(db: Executor, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom("client_accounts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(accountScope(actor, "client_accounts.id"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Names of these client accounts, by name (the board names each client once). */
export function accountNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom("client_accounts").select(["id", "name"]).where("id", "in", ids).orderBy("name").execute();
}

/** Assigned agents for many accounts in one query (no N+1 on the list page). */
export async function agentsOf(db: Executor, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom("account_agents")
    .innerJoin(joinablePeople(db).as("users"), "users.id", "account_agents.user_id")
    .select(["account_agents.account_id", "users.id", "users.name", "users.email"])
    .where("account_agents.account_id", "in", accountIds)
    .orderBy("users.name")
    .execute();
}

/** The active staff assigned to a client account (whom its events concern on the agency side). */
export function activeAgentsOf(db: Executor, accountId: string): Promise<Contact[]> {
  return db
    .selectFrom("account_agents")
    .innerJoin(joinableActiveStaff(db).as("users"), "users.id", "account_agents.user_id")
    .select(["users.id", "users.name", "users.email", "users.role"])
    .where("account_agents.account_id", "=", accountId)
    .orderBy("users.id")
    .execute();
}

/** How many client accounts an agent works, as a share of all of them: picks the ticket list's plan. */
export async function agentShareOfAccounts(db: Executor, agentId: string): Promise<number> {
  const [mine, all] = await Promise.all([
    db
      .selectFrom("account_agents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", agentId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("client_accounts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return Number(all.n) === 0 ? 0 : Number(mine.n) / Number(all.n);
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

/** Takes a person off every account they were assigned to (they became a client contact). */
export async function unassignFromAllAccounts(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom("account_agents").where("user_id", "=", userId).execute();
}

/** The account whose name is this one, whatever its case or spacing (compare by `companyKey`). */
export function findAccountByNameKey(db: Executor, nameKey: string): Promise<ClientAccountRow | undefined> {
  return db.selectFrom("client_accounts").selectAll().where("name_key", "=", nameKey).executeTakeFirst();
}

// Email domains -----------------------------------------------------------------------------------

/** The email domains of many accounts, in one query. */
export async function domainsOf(db: Executor, accountIds: string[]): Promise<Map<string, string[]>> {
  const byAccount = new Map<string, string[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return byAccount;
  const rows = await db
    .selectFrom("account_domains")
    .select(["account_id", "domain"])
    .where("account_id", "in", accountIds)
    .orderBy("domain")
    .execute();
  for (const row of rows) byAccount.get(row.account_id)?.push(row.domain);
  return byAccount;
}

/** Which account, if any, lists this domain. */
export async function accountOfDomain(db: Executor, domain: string): Promise<string | undefined> {
  const row = await db.selectFrom("account_domains").select("account_id").where("domain", "=", domain).executeTakeFirst();
  return row?.account_id;
}

/** Replaces an account's domains with these (each already checked free). */
export async function setDomains(tx: Executor, accountId: string, domains: string[], now: string): Promise<void> {
  await tx.deleteFrom("account_domains").where("account_id", "=", accountId).execute();
  if (domains.length) {
    await tx
      .insertInto("account_domains")
      .values(domains.map((domain) => ({ domain, account_id: accountId, created_at: now })))
      .execute();
  }
}

/** Of these domains, the ones another account already lists, with that account's name. */
export function domainsTakenElsewhere(db: Executor, accountId: string | null, domains: string[]) {
  if (domains.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("account_domains")
    .innerJoin("client_accounts", "client_accounts.id", "account_domains.account_id")
    .select(["account_domains.domain", "client_accounts.name"])
    .where("account_domains.domain", "in", domains)
    .$if(accountId !== null, (q) => q.where("account_domains.account_id", "!=", accountId as string))
    .execute();
}

// Merging -----------------------------------------------------------------------------------------

/**
 * Moves what the clients module holds of `fromId` to `intoId`: its agents (the union of both
 * lists) and its domains; then deletes the emptied account. Other modules move their own rows first.
 */
export async function mergeAccountRows(tx: Executor, fromId: string, intoId: string, now: string): Promise<{ agents: number }> {
  const agents = await tx.selectFrom("account_agents").select("user_id").where("account_id", "=", fromId).execute();
  for (const agent of agents) await assignAgent(tx, intoId, agent.user_id, now);
  await tx.deleteFrom("account_agents").where("account_id", "=", fromId).execute();
  await tx.updateTable("account_domains").set({ account_id: intoId }).where("account_id", "=", fromId).execute();
  await tx.deleteFrom("client_accounts").where("id", "=", fromId).execute();
  return { agents: agents.length };
}
