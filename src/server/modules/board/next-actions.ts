import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { accountScope } from "../../platform/policy";
import { joinableAccounts } from "../clients/queries";

const LIMIT = 50;

/**
 * The board's part of "next actions". Waiting on the client: work in CLIENT APPROVAL to approve,
 * quotes to accept or decline (seed 000: "Review them regularly so you do not miss approvals").
 * Waiting on the agency: new requests in REQUESTED WORK that nobody has quoted or started.
 */
export async function boardNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  const base = ctx.db
    .selectFrom("tasks")
    .innerJoin(joinableAccounts(ctx.db).as("client_accounts"), "client_accounts.id", "tasks.account_id")
    .where(accountScope(actor, "tasks.account_id"))
    .where("tasks.archived_at", "is", null);
  if (side === "agency") {
    const rows = await base
      .where("tasks.stage", "=", "requested")
      .where("tasks.quote_state", "!=", "pending")
      .select(["tasks.id", "tasks.summary", "tasks.stage_entered_at as since", "client_accounts.id as account_id", "client_accounts.name"])
      .orderBy("tasks.stage_entered_at")
      .limit(LIMIT)
      .execute();
    return rows.map((row) => ({
      key: `task_request:${row.id}`,
      kind: "task_request",
      title: "Pick up a new work request",
      detail: row.summary,
      actionLabel: "Open the request",
      url: `/work-requests/${row.id}`,
      since: row.since,
      accountId: row.account_id,
      accountName: row.name,
    }));
  }
  const [approvals, quotes] = await Promise.all([
    base
      .where("tasks.stage", "=", "client_approval")
      .select(["tasks.id", "tasks.summary", "tasks.stage_entered_at as since", "client_accounts.id as account_id", "client_accounts.name"])
      .orderBy("tasks.stage_entered_at")
      .limit(LIMIT)
      .execute(),
    base
      .innerJoin("task_quotes", (join) => join.onRef("task_quotes.task_id", "=", "tasks.id").on("task_quotes.status", "=", "pending"))
      .where("tasks.stage", "in", ["requested", "in_progress", "on_hold"])
      .where("tasks.quote_state", "=", "pending")
      .select(["tasks.id", "tasks.summary", "task_quotes.created_at as since", "client_accounts.id as account_id", "client_accounts.name"])
      .orderBy("task_quotes.created_at")
      .limit(LIMIT)
      .execute(),
  ]);
  return [
    ...approvals.map((row) => ({
      key: `task_approval:${row.id}`,
      kind: "task_approval",
      title: "Approve the finished work",
      detail: row.summary,
      actionLabel: "Review and approve",
      url: `/work-requests/${row.id}`,
      since: row.since,
      accountId: row.account_id,
      accountName: row.name,
    })),
    ...quotes.map((row) => ({
      key: `quote:${row.id}`,
      kind: "quote",
      title: "Accept or decline a quote",
      detail: row.summary,
      actionLabel: "Review the quote",
      url: `/work-requests/${row.id}`,
      since: row.since,
      accountId: row.account_id,
      accountName: row.name,
    })),
  ];
}
