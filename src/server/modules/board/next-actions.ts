import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import * as q from "./queries";

const LIMIT = 50;

type WaitingTask = { id: string; summary: string; since: string; account_id: string; account_name: string };

const item =
  (kind: string, title: string, actionLabel: string) =>
  (row: WaitingTask): TNextAction => ({
    key: `${kind}:${row.id}`,
    kind,
    title,
    detail: row.summary,
    actionLabel,
    url: `/work-requests/${row.id}`,
    since: row.since,
    accountId: row.account_id,
    accountName: row.account_name,
  });

/**
 * The board's part of "next actions". Waiting on the client: work in CLIENT APPROVAL to approve,
 * quotes to accept or decline (seed 000: "Review them regularly so you do not miss approvals").
 * Waiting on the agency: new requests in REQUESTED WORK that nobody has quoted or started.
 */
export async function boardNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side === "agency") {
    return (await q.newRequests(ctx.db, actor, LIMIT)).map(item("task_request", "Pick up a new work request", "Open the request"));
  }
  const [approvals, quotes] = await Promise.all([
    q.tasksAwaitingApproval(ctx.db, actor, LIMIT),
    q.tasksWithPendingQuote(ctx.db, actor, LIMIT),
  ]);
  return [
    ...approvals.map(item("task_approval", "Approve the finished work", "Review and approve")),
    ...quotes.map(item("quote", "Accept or decline a quote", "Review the quote")),
  ];
}
