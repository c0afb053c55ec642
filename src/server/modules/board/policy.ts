import { checkMove, type TMoveCheck, type TStage, type TTaskQuoteState } from "../../../common/board";
import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import { assertAllowed } from "../../platform/errors";

type PolicyTask = { stage: TStage; quote_state: string; archived_at: string | null };

const moveCheck = (actor: Actor, task: PolicyTask, to: TStage) =>
  checkMove(actor, { stage: task.stage, quote: task.quote_state as TTaskQuoteState, archived: task.archived_at !== null }, to);

/**
 * Who may do what to a task they can already see (seeing is the tenant scope's job: a task
 * outside it is a 404 before any of this is asked). Moves follow `checkMove` in src/common.
 *   - everyone who sees it: comment, while it is not archived; staff also add internal notes;
 *   - client: edit their request while it is in REQUESTED WORK; accept or decline a pending quote;
 *     in CLIENT APPROVAL approve it or request changes;
 *   - staff: edit until it is completed; quote while it is in REQUESTED WORK; archive a completed
 *     task, and bring an archived one back.
 */
export function taskDecisions(actor: Actor, task: PolicyTask) {
  const staff = actor.role !== "client";
  const live = task.archived_at === null;
  const archivedRefusal = refuse("task_archived", "This task is archived. Unarchive it first.");
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
      : live && task.stage === "requested"
        ? allow
        : refuse("quote_not_allowed", "A quote is attached while the task is in REQUESTED WORK, before work commences."),
    decideQuote: staff
      ? refuse("client_only", "Only the client accepts or declines a quote.")
      : live && task.stage === "requested" && task.quote_state === "pending"
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
