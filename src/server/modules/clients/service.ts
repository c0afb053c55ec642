import type { TAccount, TAccountDetail, TCreateAccountRequest } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { ClientAccountRow } from "../../platform/db/schema";
import { notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { assertAccountVisible } from "../../platform/policy";
import { presentUser } from "../accounts/presenters";
import { contactCounts, findUserById, listAccountContacts } from "../accounts/queries";
import { clientPolicy } from "./policy";
import * as q from "./queries";

async function present(db: Executor, rows: ClientAccountRow[]): Promise<TAccount[]> {
  const ids = rows.map((r) => r.id);
  const [agents, counts] = await Promise.all([q.agentsOf(db, ids), contactCounts(db, ids)]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    phone: row.phone,
    website: row.website,
    contactCount: counts.get(row.id) ?? 0,
    agents: agents.filter((a) => a.account_id === row.id).map((a) => ({ id: a.id, name: a.name, email: a.email })),
    createdAt: row.created_at,
  }));
}

export function findClientAccount(db: Executor, id: string) {
  return q.findAccountRow(db, id);
}

/** Creates a client account (the company). `actor` is null when a registering client creates their own. */
export async function createClientAccount(tx: Executor, actor: Actor | null, input: TCreateAccountRequest): Promise<TAccount> {
  const id = newId();
  const now = nowIso();
  const row: ClientAccountRow = {
    id,
    name: input.name.trim(),
    phone: input.phone?.trim() || null,
    website: input.website?.trim() || null,
    created_at: now,
    updated_at: now,
  };
  await q.insertAccount(tx, row);
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
    await q.updateAccountRow(tx, id, { ...next, updated_at: nowIso() });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "account.updated",
      objectType: "account",
      objectId: id,
      accountId: id,
      payload: { before: { name: row.name, phone: row.phone, website: row.website }, after: next },
    });
    const [account] = await present(tx, [{ ...row, ...next }]);
    if (!account) throw new Error("present() returned no account for the row it was given");
    return account;
  });
}

/** Assigns an agent (or admin) to work a client account. Idempotent. */
export async function assignAgentToAccount(ctx: AppContext, actor: Actor, accountId: string, userId: string): Promise<TAccount> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findAccountRow(tx, accountId);
    if (!row) throw notFound("Client account");
    const agent = await findUserById(tx, userId);
    if (!agent) throw notFound("User");
    if (agent.role === "client") throw validation("userId", "Only agents and admins can be assigned to a client account.");
    if (agent.status === "suspended") throw validation("userId", "A suspended user cannot be assigned.");
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
