import { Type } from "typebox";
import {
  MAX_QUOTE_MINOR,
  singleLineDescription,
  type TCreateQuoteRequest,
  type TMoveAction,
  type TMoveTaskRequest,
  type TReviewItemRef,
  type TReviewRequest,
  type TStage,
  type TTaskCard,
} from "../../../common/board";
import { lineAmountMinor, quantityHundredths } from "../../../common/money";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { TaskQuoteLinesTable } from "../../platform/db/schema";
import { AppError, assertAllowed, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { defineJob, jobHandler } from "../../platform/jobs";
import { getSettings } from "../../platform/settings";
import { attachFiles } from "../files/service";
import { findDeliverable, findVisibleUpdate } from "../updates/queries";
import { assertMove, taskDecisions } from "./policy";
import * as q from "./queries";
import { basePayload, loadVisible, placeCard, reloadCard, startStagePeriod, type Task, touch, writeTaskComment } from "./tasks";

/*
 * The workflow (seed 003, "How the Board Works"): moves between stages, the quote the client
 * accepts before work commences, the client's approval gate before COMPLETED, and the archive.
 * Who may move what where is `checkMove` (src/common/board.ts); every step is a domain event.
 */

/** Sets the stage (and its clock), placing the card in the new column. */
async function changeStage(tx: Executor, actor: Actor, task: Task, to: TStage, afterId: string | null | undefined): Promise<string> {
  const position = await placeCard(tx, actor, task, to, afterId);
  // One instant for the change, the stage's start, the completion and the clock's period.
  const now = nowIso();
  await touch(tx, task.id, { stage: to, position, stage_entered_at: now, completed_at: to === "completed" ? now : null }, now);
  await startStagePeriod(tx, task, to, now);
  return now;
}

/** What the task looked like when the client decided: kept with the approval record. */
async function snapshotOf(tx: Executor, task: Task) {
  const [quote, files] = await Promise.all([q.currentQuote(tx, task.id), q.taskFileNames(tx, task.id)]);
  return {
    summary: task.summary,
    requestType: task.request_type_name,
    deadline: task.deadline,
    quote: quote?.status === "accepted" ? { amountMinor: Number(quote.amount_minor), currency: quote.currency } : null,
    files,
  };
}

async function recordApproval(
  tx: Executor,
  actor: Actor,
  task: Task,
  decision: "approved" | "changes_requested" | "override",
  comment: string | null,
  reviewId: string | null,
): Promise<string> {
  const id = newId();
  await q.insertApproval(tx, {
    review_id: reviewId,
    id,
    task_id: task.id,
    account_id: task.account_id,
    decision,
    actor_id: actor.id,
    comment,
    task_version: Number(task.version),
    snapshot: JSON.stringify(await snapshotOf(tx, task)),
    created_at: nowIso(),
  });
  return id;
}

/** The moves that are a decision on the work, and the approval record each keeps. */
const APPROVAL_DECISIONS: Partial<Record<TMoveAction, "approved" | "changes_requested" | "override">> = {
  approve: "approved",
  request_changes: "changes_requested",
  override: "override",
};

const trimmed = (text: string | undefined) => text?.trim() || undefined;

/**
 * What the agency asks the client to review, checked before anything is written: a note of a
 * few words, and a link only when it is a web address (a `javascript:` link would run in the
 * client's browser when they click "Open preview"). The draft or deliverable (`item`) is checked
 * against the task's account next (`checkReviewItem`).
 */
function checkReview(review: TReviewRequest | undefined): {
  note: string;
  link: string | null;
  fileIds: string[];
  item: TReviewItemRef | null;
} {
  if (!review) throw validation("review", "Say what the client should review: a note, and a preview link or files if there are any.");
  const note = review.note.trim();
  if (!note) throw validation("review.note", "Say what the client should review.");
  const link = review.link?.trim() || null;
  if (link) {
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
      throw validation("review.link", "Enter the preview link as a web address starting with https:// or http://.");
  }
  return { note, link, fileIds: [...new Set(review.fileIds ?? [])], item: review.item ?? null };
}

/**
 * The draft or deliverable the round points at, checked before anything is written: one of the
 * task's account's drafts for review or deliverables, else a 400 naming `review.item` (another
 * account's — or an id that is nothing — is refused the same way, and says nothing about it).
 */
async function checkReviewItem(
  tx: Executor,
  actor: Actor,
  task: Task,
  item: TReviewItemRef | null,
): Promise<{ draft_id: string | null; deliverable_id: string | null }> {
  if (!item) return { draft_id: null, deliverable_id: null };
  if (item.type === "draft") {
    const draft = await findVisibleUpdate(tx, actor, item.id);
    if (draft?.kind !== "draft" || draft.account_id !== task.account_id)
      throw validation("review.item", "Choose one of this client's drafts for review, or no draft.");
    return { draft_id: draft.id, deliverable_id: null };
  }
  const deliverable = await findDeliverable(tx, task.account_id, item.id);
  if (!deliverable) throw validation("review.item", "Choose one of this client's deliverables, or no deliverable.");
  return { draft_id: null, deliverable_id: deliverable.id };
}

/** Stores the next review round of the task, its files attached to it (the mover's own uploads). */
async function askForReview(
  tx: Executor,
  actor: Actor,
  task: Task,
  review: ReturnType<typeof checkReview> & Awaited<ReturnType<typeof checkReviewItem>>,
): Promise<{ id: string; round: number }> {
  const id = newId();
  const round = Number((await q.latestReview(tx, task.id))?.round ?? 0) + 1;
  await q.insertReview(tx, {
    id,
    task_id: task.id,
    round,
    note: review.note,
    link: review.link,
    draft_id: review.draft_id,
    deliverable_id: review.deliverable_id,
    created_by: actor.id,
    created_at: nowIso(),
  });
  if (review.fileIds.length > 0) {
    await attachFiles(tx, actor, review.fileIds, { type: q.REVIEW_FILE_OWNER, id, accountId: task.account_id });
    await q.countFiles(tx, task.id, review.fileIds.length);
  }
  return { id, round };
}

/**
 * Moves a card: to another column, or within one (`afterId` places it). The same call carries
 * the client's approval (CLIENT APPROVAL → COMPLETED), their request for changes (→ IN PROGRESS,
 * with a comment) and an admin's override to COMPLETED (with a reason); moving to ON HOLD /
 * WAITING needs a comment saying why. An illegal move changes nothing and answers 403 or 409.
 */
export async function moveTask(ctx: AppContext, actor: Actor, id: string, input: TMoveTaskRequest): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const task = await loadVisible(tx, actor, id);
    const to = input.stage;
    const check = assertMove(actor, task, to);
    const comment = trimmed(input.comment);
    const reason = trimmed(input.reason);
    if (check.requires === "comment" && !comment) {
      throw validation(
        "comment",
        to === "on_hold" ? "Say why the work is on hold or what it is waiting for." : "Say what should change before you approve it.",
      );
    }
    if (check.requires === "reason" && !reason)
      throw validation("reason", "Give the reason for completing it without the client's approval.");
    // The agency's move to CLIENT APPROVAL says what to review; the client sees it on the card.
    const asked = check.requires === "review" ? checkReview(input.review) : undefined;
    const review = asked ? { ...asked, ...(await checkReviewItem(tx, actor, task, asked.item)) } : undefined;
    if (check.action === "reorder") {
      await q.setPositions(tx, [{ id: task.id, position: await placeCard(tx, actor, task, to, input.afterId) }]);
      // No history line and no notification: the event only keeps every open board in order.
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "task.reordered",
        objectType: "task",
        objectId: task.id,
        accountId: task.account_id,
        payload: basePayload(task),
      });
      return reloadCard(tx, actor, task.id);
    }
    const commentId = comment ? await writeTaskComment(tx, task, actor, { kind: "reply", body: comment, source: "portal" }) : undefined;
    const decision = APPROVAL_DECISIONS[check.action];
    // A decision in CLIENT APPROVAL answers the newest review round.
    const answered = decision && task.stage === "client_approval" ? await q.latestReview(tx, task.id) : undefined;
    const approvalId = decision
      ? await recordApproval(tx, actor, task, decision, (decision === "override" ? reason : comment) ?? null, answered?.id ?? null)
      : undefined;
    if (review) await askForReview(tx, actor, task, review);
    await changeStage(tx, actor, task, to, input.afterId);
    const verb = (
      {
        move: "task.moved",
        approve: "task.approved",
        request_changes: "task.changes_requested",
        override: "task.completed_by_admin",
      } as const
    )[check.action];
    await recordEvent(tx, {
      actorId: actor.id,
      verb,
      objectType: "task",
      objectId: task.id,
      accountId: task.account_id,
      payload: {
        ...basePayload(task),
        from: task.stage,
        to,
        ...(commentId ? { commentId, comment } : {}),
        ...(approvalId ? { approvalId, version: Number(task.version) } : {}),
        ...(reason ? { reason } : {}),
        authorRole: actor.role,
      },
    });
    return reloadCard(tx, actor, task.id);
  });
}

/** The client approves the work in CLIENT APPROVAL: it moves to COMPLETED and the approval is kept. */
export function approveTask(ctx: AppContext, actor: Actor, id: string, comment?: string): Promise<TTaskCard> {
  return moveTask(ctx, actor, id, { stage: "completed", comment });
}

/** The client asks for changes in CLIENT APPROVAL: back to IN PROGRESS, with what should change. */
export function requestChanges(ctx: AppContext, actor: Actor, id: string, comment: string): Promise<TTaskCard> {
  return moveTask(ctx, actor, id, { stage: "in_progress", comment });
}

// Quotes -----------------------------------------------------------------------------------------

type QuoteLine = Omit<TaskQuoteLinesTable, "id" | "quote_id" | "position">;

/**
 * The quote's lines as the server counts them: each amount is round(quantity × unit price), the
 * total their sum — never a total the client of the API sent. The older single-amount form
 * becomes one line of quantity 1.
 */
function quoteLines(input: TCreateQuoteRequest, scope: string): { lines: QuoteLine[]; total: number } {
  if (input.lines && input.amountMinor !== undefined)
    throw validation("amountMinor", "Send the quote's lines only: the total is computed from them.");
  const given =
    input.lines ??
    (input.amountMinor !== undefined
      ? [
          {
            description: singleLineDescription(scope),
            quantity: 1,
            unitPriceMinor: input.amountMinor,
          },
        ]
      : undefined);
  if (!given?.length) throw validation("lines", "Add at least one line to the quote.");
  const lines = given.map((line, i): QuoteLine => {
    const description = line.description.trim();
    if (!description) throw validation(`lines.${i}.description`, "Say what this line is for.");
    const hundredths = quantityHundredths(line.quantity);
    if (hundredths === undefined) throw validation(`lines.${i}.quantity`, "Enter a quantity more than 0, with at most 2 decimals.");
    return {
      description,
      quantity_hundredths: hundredths,
      unit_price_minor: line.unitPriceMinor,
      amount_minor: lineAmountMinor(hundredths, line.unitPriceMinor),
    };
  });
  const total = lines.reduce((sum, line) => sum + Number(line.amount_minor), 0);
  if (total > MAX_QUOTE_MINOR) throw validation("lines", "The quote's total is larger than a quote may be.");
  return { lines, total };
}

/**
 * The agency attaches a scope and quote — lines with a total — while assessing the request. It
 * replaces any earlier quote (and so unlocks the scope until this one is accepted); work cannot
 * commence until the client accepts it.
 */
export async function quoteTask(ctx: AppContext, actor: Actor, id: string, input: TCreateQuoteRequest): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const task = await loadVisible(tx, actor, id);
    assertAllowed(taskDecisions(actor, task).quote);
    const scope = input.scope.trim();
    if (!scope) throw validation("scope", "Describe what will be done.");
    const { lines, total } = quoteLines(input, scope);
    await q.supersedeQuotes(tx, task.id);
    const quoteId = newId();
    await q.insertQuote(tx, {
      id: quoteId,
      task_id: task.id,
      account_id: task.account_id,
      scope,
      amount_minor: total,
      currency: input.currency,
      status: "pending",
      created_by: actor.id,
      created_at: nowIso(),
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    await q.insertQuoteLines(
      tx,
      lines.map((line, position) => ({ id: newId(), quote_id: quoteId, position, ...line })),
    );
    await touch(tx, task.id, { quote_state: "pending" });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "task.quoted",
      objectType: "task",
      objectId: task.id,
      accountId: task.account_id,
      payload: { ...basePayload(task), quoteId, amountMinor: total, currency: input.currency, scope, authorRole: actor.role },
    });
    return reloadCard(tx, actor, task.id);
  });
}

/** The client accepts or declines the pending quote; the decision is recorded (who, when, what amount). */
export async function decideQuote(
  ctx: AppContext,
  actor: Actor,
  id: string,
  quoteId: string,
  decision: "accepted" | "declined",
  comment?: string,
): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const task = await loadVisible(tx, actor, id);
    const quote = await q.findQuote(tx, task.id, quoteId);
    if (!quote) throw notFound("Quote");
    const mayDecide = taskDecisions(actor, task).decideQuote;
    if (actor.role !== "client") assertAllowed(mayDecide);
    if (quote.status !== "pending" || !mayDecide.allowed) {
      throw new AppError(
        "quote_not_pending",
        quote.status === "superseded"
          ? "This quote was replaced by a newer one. Look at the latest quote."
          : `This quote was already ${quote.status === "pending" ? "handled" : quote.status}.`,
      );
    }
    const note = trimmed(comment) ?? null;
    const now = nowIso();
    await q.decideQuoteRow(tx, quote.id, { status: decision, decided_by: actor.id, decided_at: now, decision_comment: note });
    await touch(tx, task.id, { quote_state: decision });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: decision === "accepted" ? "task.quote_accepted" : "task.quote_declined",
      objectType: "task",
      objectId: task.id,
      accountId: task.account_id,
      payload: {
        ...basePayload(task),
        quoteId,
        amountMinor: Number(quote.amount_minor),
        currency: quote.currency,
        ...(note ? { comment: note } : {}),
        authorRole: actor.role,
      },
    });
    return reloadCard(tx, actor, task.id);
  });
}

// Archive ----------------------------------------------------------------------------------------

async function setArchived(
  tx: Executor,
  actorId: string | null,
  task: Pick<Task, "id" | "account_id" | "number" | "summary" | "stage">,
  archived: boolean,
  automatic = false,
) {
  // Another instance (or person) got there first: nothing to record.
  if (!(await q.setArchivedAt(tx, task.id, archived, nowIso()))) return false;
  await recordEvent(tx, {
    actorId,
    verb: archived ? "task.archived" : "task.unarchived",
    objectType: "task",
    objectId: task.id,
    accountId: task.account_id,
    payload: { ...basePayload(task), automatic },
  });
  return true;
}

/** Staff take a completed task off the board now, or bring an archived one back to COMPLETED. */
export async function archiveTask(ctx: AppContext, actor: Actor, id: string, archived: boolean): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const task = await loadVisible(tx, actor, id);
    assertAllowed(taskDecisions(actor, task)[archived ? "archive" : "unarchive"]);
    await setArchived(tx, actor.id, task, archived);
    return reloadCard(tx, actor, task.id);
  });
}

/**
 * Archives every task completed more than the admin's number of days before `now` ("over time
 * these tasks will be archived as to not clog up the board"). Idempotent: a task is archived,
 * and its event recorded, once, however many instances run this at the same time.
 */
export async function archiveDueTasks(ctx: AppContext, now: Date): Promise<number> {
  const { archiveCompletedAfterDays } = await getSettings(ctx.db);
  const before = new Date(now.getTime() - archiveCompletedAfterDays * 86_400_000).toISOString();
  let archived = 0;
  for (;;) {
    const due = await q.tasksDueForArchive(ctx.db, before, 200);
    if (due.length === 0) return archived;
    await ctx.db.transaction().execute(async (tx) => {
      for (const task of due) if (await setArchived(tx, null, { ...task, stage: "completed" }, true, true)) archived++;
    });
    if (due.length < 200) return archived;
  }
}

/** The background job that archives completed tasks; the clock is injectable for tests. */
/** The hourly archive run (recurring: one per period across instances). */
export const archiveCompleted = defineJob({ id: "board.archive_completed", version: 1, payload: Type.Object({}) });

export function archiveJob(ctx: AppContext, clock: () => Date = () => new Date()) {
  return jobHandler(archiveCompleted, async () => {
    const count = await archiveDueTasks(ctx, clock());
    if (count > 0) ctx.log.info({ count }, "archived completed tasks");
    return count > 0 ? "done" : "skipped";
  });
}
