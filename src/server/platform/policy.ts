import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Actor } from "./auth/sessions";
import type { Executor } from "./db/database";
import { forbidden, notFound, validation } from "./errors";

/*
 * THE TENANT SCOPE. Read this before changing it; a change here needs two reviewers.
 *
 * Every query that returns client data narrows it with `accountScope` — the one place that
 * says which client accounts a person may see:
 *   - admin:  every account;
 *   - agent:  only accounts they are assigned to (account_agents);
 *   - client: only their own account (users.account_id).
 * Objects outside the scope are answered with 404, exactly as if they did not exist, so a
 * guessed id tells nothing about another client.
 */
export function accountScope(actor: Actor, column: string): RawBuilder<SqlBool> {
  return scopeOver(actor, sql.ref(column));
}

/**
 * The same scope over a raw SQL column expression (e.g. `+tickets.account_id`, SQLite's way to
 * keep an index out of a plan). Only for trusted, hard-coded expressions — never user input.
 */
export function accountScopeRaw(actor: Actor, expression: string): RawBuilder<SqlBool> {
  return scopeOver(actor, sql.raw(expression));
}

function scopeOver(actor: Actor, ref: RawBuilder<unknown>): RawBuilder<SqlBool> {
  switch (actor.role) {
    case "admin":
      return sql<SqlBool>`1 = 1`;
    case "agent":
      return sql<SqlBool>`${ref} in (select account_agents.account_id from account_agents where account_agents.user_id = ${actor.id})`;
    case "client":
      // A client without an account sees nothing (never "everything").
      return actor.accountId ? sql<SqlBool>`${ref} = ${actor.accountId}` : sql<SqlBool>`1 = 0`;
    default: {
      const exhaustive: never = actor.role;
      throw new Error(`unknown role ${exhaustive}`);
    }
  }
}

/** May this actor see this client account at all? */
export async function canSeeAccount(db: Executor, actor: Actor, accountId: string): Promise<boolean> {
  switch (actor.role) {
    case "admin":
      return true;
    case "client":
      return actor.accountId === accountId;
    case "agent": {
      const row = await db
        .selectFrom("account_agents")
        .select("account_id")
        .where("user_id", "=", actor.id)
        .where("account_id", "=", accountId)
        .executeTakeFirst();
      return row !== undefined;
    }
    default: {
      const exhaustive: never = actor.role;
      throw new Error(`unknown role ${exhaustive}`);
    }
  }
}

/**
 * May this person be put in charge of the account's work (a ticket's or a work request's
 * assignee)? The one rule: an active staff member who may see the account — an admin, or an
 * agent assigned to it.
 */
export async function mayHandleAccount(
  db: Executor,
  person: Pick<Actor, "id" | "role" | "status"> | undefined,
  accountId: string,
): Promise<boolean> {
  if (!person || person.role === "client" || person.status !== "active") return false;
  return canSeeAccount(db, { id: person.id, role: person.role, accountId: null } as Actor, accountId);
}

/** Throws the same 404 a missing account would give when the actor may not see it. */
export async function assertAccountVisible(db: Executor, actor: Actor, accountId: string): Promise<void> {
  if (!(await canSeeAccount(db, actor, accountId))) throw notFound("Client account");
}

/**
 * The client account a new object (a ticket, a work request, …) belongs to: a client's own;
 * for staff, the one they name, which they must be able to see. `what` names the object in
 * the message ("ticket", "work request").
 */
export async function resolveAccountFor(
  db: Executor,
  actor: Actor,
  input: { accountId?: string | undefined },
  what: string,
): Promise<string> {
  if (actor.role === "client") {
    if (!actor.accountId) throw forbidden("Your login is not linked to a client account yet. Contact the agency.");
    return actor.accountId;
  }
  if (!input.accountId) throw validation("accountId", `Choose the client this ${what} is for.`);
  if (!(await canSeeAccount(db, actor, input.accountId))) throw validation("accountId", "That client account was not found.");
  return input.accountId;
}

export const isStaff = (actor: Actor) => actor.role === "agent" || actor.role === "admin";
export const isAdmin = (actor: Actor) => actor.role === "admin";
