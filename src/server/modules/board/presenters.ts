import {
  STAGE_OWNER,
  singleLineDescription,
  type TApproval,
  type TBoardCard,
  type TQuote,
  type TQuoteLine,
  type TReviewItem,
  type TReviewRound,
  type TReviewSummary,
  type TStage,
  type TTaskCard,
  type TTaskQuoteState,
  type TTaskTimelineItem,
} from "../../../common/board";
import type { TFile, TPersonRef } from "../../../common/conversations";
import type { Actor } from "../../platform/auth/sessions";
import { isClientVisible, type ObjectEventRow } from "../../platform/events";
import { inIdOrder, personRef } from "../../platform/presenters";
import type { CommentRow } from "../conversations/queries";
import { presentComment } from "../conversations/service";
import type { BoardCardRow, listApprovals, listQuotes, QuoteLineRow, ReviewItemRow, ReviewRow, TaskCardRow } from "./queries";

export function presentCard(row: TaskCardRow): TTaskCard {
  return {
    id: row.id,
    number: Number(row.number),
    summary: row.summary,
    stage: row.stage,
    owner: STAGE_OWNER[row.stage],
    requestType: row.request_type_id ? { id: row.request_type_id, name: row.request_type_name ?? "" } : null,
    deadline: row.deadline,
    account: { id: row.account_id, name: row.account_name },
    quote: row.quote_state as TTaskQuoteState,
    commentCount: Number(row.comment_count),
    fileCount: Number(row.file_count),
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? "" } : null,
  };
}

/**
 * A card as the board sends it (see ZBoardCard); the column's stage is not read per row. A card
 * in CLIENT APPROVAL carries what the client is asked to review (`review`, null when nothing).
 */
export function presentBoardCard(row: BoardCardRow, stage: TStage, review: TReviewSummary | null = null): TBoardCard {
  const card: TBoardCard = {
    id: row.id,
    number: Number(row.number),
    summary: row.summary,
    stage,
    requestTypeId: row.request_type_id,
    deadline: row.deadline,
    accountId: row.account_id,
    quote: row.quote_state as TTaskQuoteState,
    commentCount: Number(row.comment_count),
    fileCount: Number(row.file_count),
  };
  if (row.assignee_id) card.assigneeId = row.assignee_id;
  if (review && stage === "client_approval") card.review = review;
  return card;
}

/**
 * A quote with its lines (quantity back from hundredths). A quote sent before lines existed is
 * shown as one line of its whole amount, described by the first line of its scope.
 */
export function presentQuote(row: Awaited<ReturnType<typeof listQuotes>>[number], lineRows: QuoteLineRow[] = []): TQuote {
  const lines: TQuoteLine[] = lineRows.map((line) => ({
    description: line.description,
    quantity: Number(line.quantity_hundredths) / 100,
    unitPriceMinor: Number(line.unit_price_minor),
    amountMinor: Number(line.amount_minor),
  }));
  if (lines.length === 0) {
    lines.push({
      description: singleLineDescription(row.scope),
      quantity: 1,
      unitPriceMinor: Number(row.amount_minor),
      amountMinor: Number(row.amount_minor),
    });
  }
  return {
    id: row.id,
    scope: row.scope,
    amountMinor: Number(row.amount_minor),
    lines,
    currency: row.currency,
    status: row.status,
    createdBy: personRef(row.created_by, row.author_name, row.author_role) as TPersonRef,
    createdAt: row.created_at,
    decidedBy: personRef(row.decided_by, row.decider_name, row.decider_role),
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    acceptedAt: row.status === "accepted" ? row.decided_at : null,
  };
}

/** The draft or deliverable a review round points at (absent when none, or when it no longer exists). */
function reviewItemOf(row: ReviewItemRow): TReviewItem | undefined {
  if (row.draft_id && row.draft_title != null) return { type: "draft", id: row.draft_id, title: row.draft_title };
  if (row.deliverable_id && row.deliverable_name != null)
    return { type: "deliverable", id: row.deliverable_id, title: row.deliverable_name };
  return undefined;
}

/** What a card shows of a review round: the note, the preview link, the files, the draft or deliverable to review. */
export function presentReviewSummary(row: Pick<ReviewRow, "note" | "link"> & ReviewItemRow, files: TFile[]): TReviewSummary {
  const summary: TReviewSummary = { note: row.note, link: row.link, files };
  const item = reviewItemOf(row);
  if (item) summary.item = item;
  return summary;
}

/** A review round: what was asked (the draft or deliverable too), by whom, when. */
export function presentReview(row: ReviewRow, files: TFile[]): TReviewRound {
  const item = reviewItemOf(row);
  return {
    id: row.id,
    round: Number(row.round),
    note: row.note,
    link: row.link,
    files,
    ...(item ? { item } : {}),
    askedBy: personRef(row.created_by, row.asker_name, row.asker_role),
    askedAt: row.created_at,
  };
}

export function presentApproval(row: Awaited<ReturnType<typeof listApprovals>>[number]): TApproval {
  const snapshot = JSON.parse(row.snapshot) as TApproval["snapshot"];
  return {
    id: row.id,
    decision: row.decision,
    actor: personRef(row.actor_id, row.actor_name, row.actor_role),
    comment: row.comment,
    taskVersion: Number(row.task_version),
    reviewId: row.review_id ?? null,
    snapshot,
    createdAt: row.created_at,
  };
}

/** Event verbs that appear as lines in a card's history; comments appear as comments. */
const HISTORY_VERBS = new Set([
  "task.created",
  "task.updated",
  "task.assigned",
  "task.moved",
  "task.quoted",
  "task.quote_accepted",
  "task.quote_declined",
  "task.approved",
  "task.changes_requested",
  "task.completed_by_admin",
  "task.archived",
  "task.unarchived",
]);

/** A card's history: comments and events, oldest first. Comment bodies already shown are not repeated. */
export function presentTaskTimeline(
  actor: Actor,
  conversation: { comments: CommentRow[]; files: Map<string, TFile[]> },
  events: ObjectEventRow[],
): TTaskTimelineItem[] {
  const items: TTaskTimelineItem[] = conversation.comments.map((c) => ({
    id: c.id,
    type: "comment",
    createdAt: c.created_at,
    actor: personRef(c.author_id, c.author_name, c.author_role),
    comment: presentComment(c, conversation.files),
  }));
  for (const e of events) {
    if (!HISTORY_VERBS.has(e.verb)) continue;
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    if (actor.role === "client" && !isClientVisible({ verb: e.verb, payload })) continue;
    const { body: _body, comment: _comment, description: _description, scope: _scope, ...shown } = payload;
    items.push({
      id: e.id,
      type: "event",
      createdAt: e.created_at,
      actor: personRef(e.actor_id, e.actor_name, e.actor_role),
      event: { verb: e.verb, payload: shown },
    });
  }
  return inIdOrder(items);
}
