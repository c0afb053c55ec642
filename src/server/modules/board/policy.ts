import { checkMove, type TMoveCheck, type TStage, type TTaskQuoteState } from "../../../common/board";
import type { Actor } from "../../platform/auth/sessions";
import { AppError, forbidden } from "../../platform/errors";

/**
 * Who may do what to a task they can already see (seeing is the tenant scope's job: a task
 * outside it is a 404 before any of this is asked). Moves follow `checkMove` in src/common.
 *   - everyone who sees it: comment, while it is not archived;
 *   - client: edit their request while it is in REQUESTED WORK; accept or decline a pending quote;
 *   - staff: edit until it is completed; quote while it is in REQUESTED WORK; archive a completed
 *     task, and bring an archived one back.
 */
export function taskPolicy(actor: Actor, task: { stage: TStage; quote_state: string; archived_at: string | null }) {
  const staff = actor.role !== "client";
  const live = task.archived_at === null;
  return {
    comment: live,
    edit: live && (staff ? task.stage !== "completed" : task.stage === "requested"),
    quote: live && staff && task.stage === "requested",
    decideQuote: live && !staff && task.stage === "requested" && task.quote_state === "pending",
    archive: live && staff && task.stage === "completed",
    unarchive: !live && staff,
  };
}
export type TaskPolicy = ReturnType<typeof taskPolicy>;

/** The move rules for this actor and task; a refusal becomes the matching 403 or 409. */
export function assertMove(
  actor: Actor,
  task: { stage: TStage; quote_state: string; archived_at: string | null },
  to: TStage,
): Extract<TMoveCheck, { allowed: true }> {
  const check = checkMove(
    actor,
    { stage: task.stage, quote: task.quote_state as TTaskQuoteState, archived: task.archived_at !== null },
    to,
  );
  if (check.allowed) return check;
  throw check.status === 403 ? forbidden(check.reason) : new AppError("conflict", check.reason, "stage");
}
