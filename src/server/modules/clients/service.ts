import { companyKey, DOMAIN_PATTERN, domainOf, normalizeDomain, SHARED_EMAIL_DOMAINS } from "../../../common/accounts";
import type { TAccount, TAccountDetail, TCreateAccountRequest } from "../../../common/schemas";
import { invalidateActor } from "../../platform/auth/session-cache";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { ClientAccountRow } from "../../platform/db/schema";
import { conflict, notFound, validation } from "../../platform/errors";
import { moveAccountEvents, recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { assertAccountVisible } from "../../platform/policy";
import { presentUser } from "../accounts/presenters";
import { contactCounts, findUserById, listAccountContacts, userStates } from "../accounts/queries";
import { clientPolicy } from "./policy";
import * as q from "./queries";

async function present(db: Executor, rows: ClientAccountRow[]): Promise<TAccount[]> {
  const ids = rows.map((r) => r.id);
  const [agents, counts, domains] = await Promise.all([q.agentsOf(db, ids), contactCounts(db, ids), q.domainsOf(db, ids)]);
  // Someone assigned while still invited reads "invited" beside their name until they accept.
  const states = await userStates(
    db,
    agents.map((a) => a.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    phone: row.phone,
    website: row.website,
    contactCount: counts.get(row.id) ?? 0,
    agents: agents
      .filter((a) => a.account_id === row.id)
      .map((a) => ({ id: a.id, name: a.name, email: a.email, state: states.get(a.id) ?? "active" })),
    domains: domains.get(row.id) ?? [],
    createdAt: row.created_at,
  }));
}

export function findClientAccount(db: Executor, id: string) {
  return q.findAccountRow(db, id);
}

/** Refuses a company name another account already has, whatever its case or spacing. */
async function assertNameFree(tx: Executor, name: string, exceptId: string | null): Promise<string> {
  const key = companyKey(name);
  if (!key) throw validation("name", "Enter the company's name.");
  const existing = await q.findAccountByNameKey(tx, key);
  if (existing && existing.id !== exceptId) {
    throw conflict(`A client account named “${existing.name}” already exists. Open it, or merge the two accounts.`, "name");
  }
  return key;
}

/**
 * Checks a list of email domains for an account: each a real domain, not a free email provider
 * (it would place strangers together), and not listed by another account.
 */
async function checkDomains(tx: Executor, accountId: string | null, input: string[]): Promise<string[]> {
  const domains = [...new Set(input.map(normalizeDomain).filter(Boolean))];
  const pattern = new RegExp(DOMAIN_PATTERN);
  for (const domain of domains) {
    if (!pattern.test(domain)) throw validation("domains", `“${domain}” is not an email domain. Write it like doebakery.com.`);
    if (SHARED_EMAIL_DOMAINS.has(domain)) {
      throw validation("domains", `${domain} is a free email provider shared by many people; list only the company's own domain.`);
    }
  }
  const taken = await q.domainsTakenElsewhere(tx, accountId, domains);
  const first = taken[0];
  if (first) throw conflict(`${first.domain} already places registrations in “${first.name}”.`, "domains");
  return domains;
}

/** The account a registration from this email joins by its domain, if an account lists the domain. */
export function accountForEmailDomain(db: Executor, email: string): Promise<string | undefined> {
  return q.accountOfDomain(db, domainOf(email));
}

/** The account with this company name (any case or spacing), if there is one. */
export function findAccountByName(db: Executor, name: string) {
  return q.findAccountByNameKey(db, companyKey(name));
}

/**
 * Creates a client account (the company). `actor` is null when a registering client creates
 * their own. A company name already taken is a 409 naming the account.
 */
export async function createClientAccount(tx: Executor, actor: Actor | null, input: TCreateAccountRequest): Promise<TAccount> {
  const id = newId();
  const now = nowIso();
  const row: ClientAccountRow = {
    id,
    name: input.name.trim(),
    name_key: await assertNameFree(tx, input.name, null),
    phone: input.phone?.trim() || null,
    website: input.website?.trim() || null,
    created_at: now,
    updated_at: now,
  };
  const domains = await checkDomains(tx, null, input.domains ?? []);
  await q.insertAccount(tx, row);
  await q.setDomains(tx, id, domains, now);
  await recordEvent(tx, {
    actorId: actor?.id ?? null,
    verb: "account.created",
    objectType: "account",
    objectId: id,
    accountId: id,
    payload: { name: row.name },
  });
  const [account] = await present(tx, [row]);
  if (!account) throw new Error("present() returned no account for the row it was given");
  return account;
}

export async function createAccountAsAdmin(ctx: AppContext, actor: Actor, input: TCreateAccountRequest): Promise<TAccount> {
  return ctx.db.transaction().execute((tx) => createClientAccount(tx, actor, input));
}

/** Lists the accounts the actor may see (admin all, agent assigned, client their own). */
export async function listAccounts(ctx: AppContext, actor: Actor, filter: { q?: string; page: number }) {
  const { rows, total } = await q.listVisibleAccounts(ctx.db, actor, filter);
  return { data: await present(ctx.db, rows), total, pageSize: q.ACCOUNT_PAGE_SIZE };
}

/** One account with its contacts; 404 when the actor may not see it. */
export async function getAccountDetail(ctx: AppContext, actor: Actor, id: string): Promise<TAccountDetail> {
  await assertAccountVisible(ctx.db, actor, id);
  const row = await q.findAccountRow(ctx.db, id);
  if (!row) throw notFound("Client account");
  const [account] = await present(ctx.db, [row]);
  if (!account) throw new Error("present() returned no account for the row it was given");
  const contacts = (await listAccountContacts(ctx.db, id)).map(presentUser);
  return { data: { account, contacts }, policies: clientPolicy(actor) };
}

export async function updateAccount(ctx: AppContext, actor: Actor, id: string, patch: Partial<TCreateAccountRequest>): Promise<TAccount> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findAccountRow(tx, id);
    if (!row) throw notFound("Client account");
    const next = {
      name: patch.name?.trim() ?? row.name,
      phone: patch.phone === undefined ? row.phone : patch.phone.trim() || null,
      website: patch.website === undefined ? row.website : patch.website.trim() || null,
    };
    const nameKey = patch.name === undefined ? row.name_key : await assertNameFree(tx, patch.name, id);
    const now = nowIso();
    await q.updateAccountRow(tx, id, { ...next, name_key: nameKey, updated_at: now });
    const before: Record<string, unknown> = { name: row.name, phone: row.phone, website: row.website };
    const after: Record<string, unknown> = { ...next };
    if (patch.domains) {
      before.domains = (await q.domainsOf(tx, [id])).get(id) ?? [];
      after.domains = await checkDomains(tx, id, patch.domains);
      await q.setDomains(tx, id, after.domains as string[], now);
    }
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "account.updated",
      objectType: "account",
      objectId: id,
      accountId: id,
      payload: { before, after },
    });
    const [account] = await present(tx, [{ ...row, ...next, name_key: nameKey }]);
    if (!account) throw new Error("present() returned no account for the row it was given");
    return account;
  });
}

/**
 * Assigns an agent (or admin) to work a client account. Idempotent. Someone whose invitation is
 * still pending may be assigned: the agency sets up the work before they first log in, and the
 * account is theirs the moment they accept. A suspended person may not.
 */
export async function assignAgentToAccount(ctx: AppContext, actor: Actor, accountId: string, userId: string): Promise<TAccount> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findAccountRow(tx, accountId);
    if (!row) throw notFound("Client account");
    const agent = await findUserById(tx, userId);
    if (!agent) throw notFound("User");
    if (agent.role === "client") throw validation("userId", "Only agents and admins can be assigned to a client account.");
    if (agent.status === "suspended") {
      throw validation("userId", `${agent.name} is suspended and cannot be assigned. Reactivate them under Users first.`);
    }
    if (await q.assignAgent(tx, accountId, userId, nowIso())) {
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "account.agent_assigned",
        objectType: "account",
        objectId: accountId,
        accountId,
        payload: { agentId: userId, agentName: agent.name },
      });
    }
    const [account] = await present(tx, [row]);
    if (!account) throw new Error("present() returned no account for the row it was given");
    return account;
  });
}

export async function unassignAgentFromAccount(ctx: AppContext, actor: Actor, accountId: string, userId: string): Promise<TAccount> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findAccountRow(tx, accountId);
    if (!row) throw notFound("Client account");
    if (await q.unassignAgent(tx, accountId, userId)) {
      const agent = await findUserById(tx, userId);
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "account.agent_unassigned",
        objectType: "account",
        objectId: accountId,
        accountId,
        payload: { agentId: userId, agentName: agent?.name ?? null },
      });
    }
    const [account] = await present(tx, [row]);
    if (!account) throw new Error("present() returned no account for the row it was given");
    return account;
  });
}

export async function presentAccounts(db: Executor, rows: ClientAccountRow[]) {
  return present(db, rows);
}

/** What one module moved when two accounts merged: a count per kind of row, for the record. */
export type AccountMerge = (tx: Executor, fromId: string, intoId: string) => Promise<Record<string, number>>;
let MERGES: AccountMerge[] = [];

/** The modules' merge steps (ModuleDescriptor.accountMerge), set once by buildApp. */
export function configureAccountMerges(merges: AccountMerge[]): void {
  MERGES = merges;
}

/**
 * Merges one client account into another (the admin's fix for a duplicate company): every
 * module moves its rows — contacts, tickets, work requests, comments, files, history — the
 * agents and domains join the target's, the emptied account is deleted, and the merge is
 * recorded on the account that remains with what moved.
 */
export async function mergeAccounts(ctx: AppContext, actor: Actor, fromId: string, intoId: string): Promise<TAccount> {
  if (fromId === intoId) throw validation("intoAccountId", "Choose another account to merge into.");
  const merged = await ctx.db.transaction().execute(async (tx) => {
    const from = await q.findAccountRow(tx, fromId);
    if (!from) throw notFound("Client account");
    const into = await q.findAccountRow(tx, intoId);
    if (!into) throw validation("intoAccountId", "The account to merge into was not found.");
    const moved: Record<string, number> = {};
    for (const merge of MERGES) Object.assign(moved, await merge(tx, fromId, intoId));
    moved.events = await moveAccountEvents(tx, fromId, intoId);
    const { agents } = await q.mergeAccountRows(tx, fromId, intoId, nowIso());
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "account.merged",
      objectType: "account",
      objectId: intoId,
      accountId: intoId,
      payload: { fromId, fromName: from.name, intoName: into.name, moved: { ...moved, agents } },
    });
    const [account] = await present(tx, [into]);
    if (!account) throw new Error("present() returned no account for the row it was given");
    return account;
  });
  // Committed: the moved contacts' cached sessions still name the deleted account.
  await invalidateActor(ctx, { accountId: fromId });
  return merged;
}
