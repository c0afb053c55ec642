import type { TDashboard } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { presentEvent } from "../../platform/event-presenter";
import { countVisibleContacts } from "../clients/queries";
import { findClientAccount, presentAccounts } from "../clients/service";
import { countAwaitingApproval, countVisibleAccounts, recentEvents } from "./queries";

/**
 * What a client may read in their own account's activity. An allow-list, not a deny-list:
 * a new kind of event stays staff-only until someone decides the client should see it.
 */
export const CLIENT_VISIBLE_VERBS = [
  "user.registered",
  "user.activated",
  "user.invitation_accepted",
  "account.created",
  "account.agent_assigned",
] as const;

/**
 * What a client is told of live (`GET /api/stream`): the activity above plus the ticket events
 * and work-request events of their account. Still an allow-list, and an event whose payload says `internal: true` (an
 * internal note) is never sent to a client, whatever its verb.
 */
export const CLIENT_STREAM_VERBS = [
  ...CLIENT_VISIBLE_VERBS,
  "ticket.created",
  "ticket.replied",
  "ticket.status_changed",
  "ticket.reopened",
  "ticket.assigned",
  "ticket.updated",
  // Work requests have no internal events: everything on a client's board is theirs to see.
  "task.created",
  "task.updated",
  "task.commented",
  "task.moved",
  "task.reordered",
  "task.quoted",
  "task.quote_accepted",
  "task.quote_declined",
  "task.approved",
  "task.changes_requested",
  "task.completed_by_admin",
  "task.archived",
  "task.unarchived",
] as const;

/** The dashboard: a client's account and its agents, or a staff member's overview. */
export async function getDashboard(ctx: AppContext, actor: Actor): Promise<TDashboard["data"]> {
  if (actor.role === "client") {
    const row = actor.accountId ? await findClientAccount(ctx.db, actor.accountId) : undefined;
    const [account] = row ? await presentAccounts(ctx.db, [row]) : [null];
    const events = await recentEvents(ctx.db, actor, 10, CLIENT_VISIBLE_VERBS);
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
