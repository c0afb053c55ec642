import { checkMove, type TMoveCheck, type TStage, type TTaskQuoteState } from "../../../common/board";
import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import { assertAllowed } from "../../platform/errors";

type PolicyTask = { stage: TStage; quote_state: string; archived_at: string | null };

const moveCheck = (actor: Actor, task: PolicyTask, to: TStage) =>
  checkMove(actor, { stage: task.stage, quote: task.quote_state as TTaskQuoteState, archived: task.archived_at !== null }, to);

/**
 * May the task's summary and description change? Not once the client accepted its quote: the
 * scope they agreed to is what the work is. Sending a new quote (pending again) unlocks them
 * until that one is accepted — staff may quote until the work is completed, so the refusal is
 * never a dead end. `reference` names the task in the refusal ("WEB-318").
 */
export function scopeDecision(actor: Pick<Actor, "role">, task: Pick<PolicyTask, "quote_state">, reference = "this task"): TDecision {
  if (task.quote_state !== "accepted") return allow;
  return refuse(
    "scope_locked",
    actor.role === "client"
      ? `The quote for ${reference} was accepted; ask your agency in a comment for a new quote to change its scope.`
      : `The quote for ${reference} was accepted; send a new quote to change its scope.`,
  );
}

/** May this person choose who handles a work request (a new one too)? Staff only. */
export const assignDecision = (actor: Pick<Actor, "role">): TDecision =>
  actor.role === "client" ? refuse("staff_only", "The agency chooses who handles a work request.") : allow;

/** Where a quote may be sent and decided: before work commences, and while it is under way. */
const QUOTABLE_STAGES: ReadonlySet<TStage> = new Set(["requested", "in_progress", "on_hold"]);

/**
 * Who may do what to a task they can already see (seeing is the tenant scope's job: a task
 * outside it is a 404 before any of this is asked). Moves follow `checkMove` in src/common.
 *   - everyone who sees it: comment, while it is not archived; staff also add internal notes;
 *   - client: edit their request while it is in REQUESTED WORK; accept or decline a pending quote
 *     (accepting one during the work changes the scope, not the stage);
 *     in CLIENT APPROVAL approve it or request changes;
 *   - either side: change the summary and description only while no accepted quote fixes them
 *     (`scopeDecision`);
 *   - staff: edit until it is completed; quote until it reaches CLIENT APPROVAL (in REQUESTED WORK
 *     before work commences; later, a new quote for a changed scope); archive a completed
 *     task, and bring an archived one back; choose who handles a live task (the assignee — who
 *     may be chosen is the service's check, as for a ticket).
 */
export function taskDecisions(actor: Actor, task: PolicyTask) {
  const staff = actor.role !== "client";
  const live = task.archived_at === null;
  const archivedRefusal = refuse("task_archived", "This task is archived. Unarchive it first.");
  const quotable = live && QUOTABLE_STAGES.has(task.stage);
  const approval = (to: TStage): TDecision => {
    if (staff) return refuse("client_only", "Only the client approves the work or requests changes.");
    const check = moveCheck(actor, task, to);
    return check.allowed ? allow : check;
  };
  return {
    comment: live ? allow : refuse("task_archived", "This task is archived. Unarchive it to add comments."),
    note: !staff
      ? refuse("staff_only", "Internal notes are for the agency's team.")
      : live
        ? allow
        : refuse("task_archived", "This task is archived. Unarchive it to add notes."),
    edit: !live
      ? archivedRefusal
      : staff
        ? task.stage !== "completed"
          ? allow
          : refuse("task_completed", "A completed or archived task cannot be changed.")
        : task.stage === "requested"
          ? allow
          : refuse("move_not_allowed", "You can change a request while it is in REQUESTED WORK. Add a comment instead."),
    quote: !staff
      ? refuse("staff_only", "Only the agency sends quotes.")
      : quotable
        ? allow
        : refuse(
            "quote_not_allowed",
            "A quote is attached before work commences, or while the work is under way (REQUESTED WORK, IN PROGRESS, ON HOLD / WAITING).",
          ),
    decideQuote: staff
      ? refuse("client_only", "Only the client accepts or declines a quote.")
      : quotable && task.quote_state === "pending"
        ? allow
        : refuse("quote_not_pending", "There is no quote waiting for your decision."),
    approve: approval("completed"),
    requestChanges: approval("in_progress"),
    archive: !staff
      ? refuse("staff_only", "The agency archives tasks.")
      : !live
        ? refuse("task_archived", "This task is already archived.")
        : task.stage === "completed"
          ? allow
          : refuse("task_not_completed", "Only a completed task is archived."),
    unarchive: !staff
      ? refuse("staff_only", "The agency archives tasks.")
      : !live
        ? allow
        : refuse("task_not_archived", "This task is not archived."),
    assign:
      staff && !live ? refuse("task_archived", "This task is archived. Unarchive it to change who handles it.") : assignDecision(actor),
    changeScope: scopeDecision(actor, task),
  };
}

/** The decisions as the web app gets them (`policies`): what to show. */
export const taskPolicy = (actor: Actor, task: PolicyTask) => allowedOf(taskDecisions(actor, task));
export type TaskPolicy = ReturnType<typeof taskPolicy>;

/** The move rules for this actor and task; a refusal becomes its 403 or 409 with a stable code. */
export function assertMove(actor: Actor, task: PolicyTask, to: TStage): Extract<TMoveCheck, { allowed: true }> {
  const check = moveCheck(actor, task, to);
  assertAllowed(check, "stage");
  return check as Extract<TMoveCheck, { allowed: true }>;
}
