import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from "kysely";
import type { Actor } from "./auth/sessions";
import type { Executor } from "./db/database";
import type { Database } from "./db/schema";
import { notFound } from "./errors";

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
export function accountScope<DB extends Database, TB extends keyof DB>(
  actor: Actor,
  column: string,
): (eb: ExpressionBuilder<DB, TB>) => ExpressionWrapper<DB, TB, SqlBool> {
  return (eb) => {
    // biome-ignore lint/suspicious/noExplicitAny: the column reference is checked by the caller's table
    const ref = eb.ref(column as any);
    switch (actor.role) {
      case "admin":
        return eb.lit(true) as unknown as ExpressionWrapper<DB, TB, SqlBool>;
      case "agent":
        return eb(
          ref,
          "in",
          // biome-ignore lint/suspicious/noExplicitAny: sub-select on the shared table
          (eb as any).selectFrom("account_agents").select("account_agents.account_id").where("account_agents.user_id", "=", actor.id),
        ) as ExpressionWrapper<DB, TB, SqlBool>;
      case "client":
        // A client without an account sees nothing (never "everything").
        return eb(ref, "=", actor.accountId ?? "no-account") as ExpressionWrapper<DB, TB, SqlBool>;
      default: {
        const exhaustive: never = actor.role;
        throw new Error(`unknown role ${exhaustive}`);
      }
    }
  };
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

/** Throws the same 404 a missing account would give when the actor may not see it. */
export async function assertAccountVisible(db: Executor, actor: Actor, accountId: string): Promise<void> {
  if (!(await canSeeAccount(db, actor, accountId))) throw notFound("Client account");
}

export const isStaff = (actor: Actor) => actor.role === "agent" || actor.role === "admin";
export const isAdmin = (actor: Actor) => actor.role === "admin";
