import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { newTickets } from "./queries";

/**
 * Support Tickets' part of "next actions": a NEW ticket waits on the agency for its first answer.
 * Nothing of a ticket waits on the client (an active ticket is the agency's to move on).
 */
export async function ticketNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side === "client") return [];
  const rows = await newTickets(ctx.db, actor, 50);
  return rows.map((row) => ({
    key: `ticket:${row.id}`,
    kind: "ticket",
    title: "Answer a new support ticket",
    detail: row.subject,
    actionLabel: "Open the ticket",
    url: `/tickets/${row.id}`,
    since: row.created_at,
    accountId: row.account_id,
    accountName: row.name,
  }));
}
