import type { TDashboard } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { presentEvent } from "../../platform/event-presenter";
import { clientActivityVerbs } from "../../platform/events";
import { countAwaitingApproval, countVisibleContacts } from "../accounts/queries";
import { countVisibleAccounts } from "../clients/queries";
import { findClientAccount, presentAccounts } from "../clients/service";
import { recentEvents } from "./queries";

/** The dashboard: a client's account and its agents, or a staff member's overview. */
export async function getDashboard(ctx: AppContext, actor: Actor): Promise<TDashboard["data"]> {
  if (actor.role === "client") {
    const row = actor.accountId ? await findClientAccount(ctx.db, actor.accountId) : undefined;
    const [account] = row ? await presentAccounts(ctx.db, [row]) : [null];
    const events = await recentEvents(ctx.db, actor, 10, clientActivityVerbs());
    return {
      role: actor.role,
      account,
      stats: { accounts: row ? 1 : 0, contacts: account?.contactCount ?? 0, awaitingApproval: 0 },
      recentActivity: events.map(presentEvent),
    };
  }
  const [accounts, contacts, awaitingApproval, events] = await Promise.all([
    countVisibleAccounts(ctx.db, actor),
    countVisibleContacts(ctx.db, actor),
    actor.role === "admin" ? countAwaitingApproval(ctx.db) : Promise.resolve(0),
    recentEvents(ctx.db, actor, 15),
  ]);
  return { role: actor.role, account: null, stats: { accounts, contacts, awaitingApproval }, recentActivity: events.map(presentEvent) };
}
