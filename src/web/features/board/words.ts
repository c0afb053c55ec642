/** Board words and colours shared by the work-request pages (the stage names come from src/common/board.ts). */

import {
  checkMove,
  type MoveViewer,
  moveLabel,
  STAGE_LABELS,
  STAGES,
  type TBoard,
  type TBoardCard,
  type TBoardDueFilter,
  type TBoardQuery,
  type TMoveAction,
  type TOwner,
  type TReviewItem,
  type TStage,
  type TTaskCard,
  type TTaskQuoteState,
} from "../../../common/board";
import { formatMoney } from "../../../common/money";

/**
 * What moving a task needs to know: a board card and an opened task both have it (the account:
 * the move to CLIENT APPROVAL offers that account's drafts and deliverables to review).
 */
export type MovableTask = Pick<TTaskCard, "id" | "number" | "summary" | "stage" | "quote" | "archived"> & {
  account: Pick<TTaskCard["account"], "id">;
};

/** A board card with its request type and client named: what the card shows. */
export interface BoardTask extends Omit<TBoardCard, "assigneeId" | "review"> {
  assigneeId: string | null;
  /** What the client is asked to review, on a CLIENT APPROVAL card; null on the others. */
  review: NonNullable<TBoardCard["review"]> | null;
  requestType: { id: string; name: string } | null;
  account: { id: string; name: string };
  /** Who at the agency handles it; null while nobody does. */
  assignee: { id: string; name: string } | null;
  /** The board shows live tasks only. */
  archived: false;
}

export interface BoardColumn {
  stage: TStage;
  tasks: BoardTask[];
  total: number;
}

/** The board's cards with the names the answer sends once (request types, clients) put back on each. */
export function expandBoard(board: TBoard["data"]): BoardColumn[] {
  const types = new Map(board.requestTypes.map((t) => [t.id, t]));
  const accounts = new Map(board.accounts.map((a) => [a.id, a]));
  const assignees = new Map((board.assignees ?? []).map((a) => [a.id, a]));
  return board.columns.map((column) => ({
    stage: column.stage,
    total: column.total,
    tasks: column.tasks.map((card) => ({
      ...card,
      requestType: card.requestTypeId ? (types.get(card.requestTypeId) ?? null) : null,
      account: accounts.get(card.accountId) ?? { id: card.accountId, name: "" },
      assignee: card.assigneeId ? (assignees.get(card.assigneeId) ?? { id: card.assigneeId, name: "" }) : null,
      assigneeId: card.assigneeId ?? null,
      review: card.review ?? null,
      archived: false as const,
    })),
  }));
}

export const STAGE_COLORS: Record<TStage, string> = {
  requested: "blue",
  in_progress: "orange",
  on_hold: "grape",
  client_approval: "teal",
  completed: "green",
};

/** Who has the task, in the viewer's words: "With you" for a client in their own stages. */
export function ownerLabel(owner: TOwner, viewerIsClient: boolean, agencyName: string): string {
  if (owner === "client") return viewerIsClient ? "With you" : "With the client";
  return viewerIsClient ? `With ${agencyName}` : "With the agency";
}

export const QUOTE_LABELS: Record<Exclude<TTaskQuoteState, "none">, { label: string; color: string }> = {
  pending: { label: "Quote awaiting acceptance", color: "orange" },
  accepted: { label: "Quote accepted", color: "green" },
  declined: { label: "Quote declined", color: "red" },
};

/** Today in the viewer's own time zone, YYYY-MM-DD (deadlines are calendar days). */
export function todayLocal(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

/** "1 Dec 2026" for a YYYY-MM-DD day (read as that calendar day, whatever the time zone). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return y && m && d ? dayFormat.format(new Date(y, m - 1, d)) : day;
}

/** A deadline's state: overdue once the day has passed while the work is not completed. */
export function deadlineState(deadline: string | null, stage: TStage, today = todayLocal()): "none" | "overdue" | "today" | "upcoming" {
  if (!deadline) return "none";
  if (stage === "completed") return "upcoming";
  if (deadline < today) return "overdue";
  return deadline === today ? "today" : "upcoming";
}

/** "2 d 3 h", "45 min" — how long something has been with someone. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

type Payload = Record<string, unknown>;
const text = (p: Payload, key: string) => (typeof p[key] === "string" ? (p[key] as string) : null);
const stage = (value: string | null) => (value && value in STAGE_LABELS ? STAGE_LABELS[value as TStage] : (value ?? "?"));
const money = (p: Payload) =>
  typeof p.amountMinor === "number" && typeof p.currency === "string" ? formatMoney(p.amountMinor, p.currency) : "";

function describeChanges(changes: unknown): string {
  if (!changes || typeof changes !== "object") return "updated the task";
  const parts: string[] = [];
  const record = changes as Record<string, { from?: unknown; to?: unknown }>;
  if (record.summary) parts.push(`the summary to “${String(record.summary.to ?? "")}”`);
  if (record.requestType) parts.push(`the request type to ${String(record.requestType.to ?? "none")}`);
  if (record.deadline) parts.push(record.deadline.to ? `the deadline to ${formatDay(String(record.deadline.to))}` : "removed the deadline");
  if (record.description) parts.push("the details");
  return parts.length ? `changed ${parts.join(", ")}`.replace("changed removed", "removed") : "updated the task";
}

/** A history line as the rest of a sentence after the actor's name, e.g. "moved this task to IN PROGRESS". */
export function describeTaskEvent(verb: string, payload: Payload, actorId?: string): string {
  switch (verb) {
    case "task.created":
      return text(payload, "template") ? `created this task from the template “${text(payload, "template")}”` : "logged this work request";
    case "task.updated":
      return describeChanges(payload.changes);
    case "task.assigned":
      if (actorId && text(payload, "assigneeId") === actorId) return "took this task";
      return text(payload, "assigneeName") ? `asked ${text(payload, "assigneeName")} to handle this task` : "removed who handles this task";
    case "task.moved":
      return `moved this task from ${stage(text(payload, "from"))} to ${stage(text(payload, "to"))}`;
    case "task.quoted":
      return `sent a scope and quote of ${money(payload)}`;
    case "task.quote_accepted":
      return `accepted the quote of ${money(payload)}`;
    case "task.quote_declined":
      return `declined the quote of ${money(payload)}`;
    case "task.approved":
      return "approved the work — moved to COMPLETED";
    case "task.changes_requested":
      return "requested changes — back to IN PROGRESS";
    case "task.completed_by_admin":
      return `completed the task without the client's approval. Reason: ${text(payload, "reason") ?? "—"}`;
    case "task.archived":
      return payload.automatic === true ? "archived this completed task automatically" : "archived this task";
    case "task.unarchived":
      return "brought this task back from the archive";
    default:
      return verb.replace(/^task\./, "").replace(/[._]+/g, " ");
  }
}

// "Move to…" ------------------------------------------------------------------------------------

/** One move the viewer may make, as the menu lists it. */
export interface MoveChoice {
  to: TStage;
  action: TMoveAction;
  label: string;
  requires?: "comment" | "reason" | "review";
}

/**
 * What a card's "Move to…" menu offers this viewer: only the moves `checkMove` allows, in the
 * board's order — or, when there is none, one sentence saying what they can do instead, taken
 * from the refusal for the next stage on (the one a person would try), not a row per stage.
 */
export function moveChoices(
  viewer: MoveViewer,
  task: Pick<MovableTask, "stage" | "quote" | "archived">,
): { moves: MoveChoice[]; instead: string | null } {
  // Each other stage asked once, in the board's order.
  const checks = STAGES.filter((to) => to !== task.stage).map((to) => ({ to, check: checkMove(viewer, task, to) }));
  const moves = checks.flatMap(({ to, check }): MoveChoice[] =>
    check.allowed
      ? [{ to, action: check.action, label: moveLabel(check.action, to), ...(check.requires ? { requires: check.requires } : {}) }]
      : [],
  );
  if (moves.length > 0) return { moves, instead: null };
  // From the next stage on, wrapping round: `checks` lacks the current stage, so the next one sits at its index.
  const from = STAGES.indexOf(task.stage);
  const refusal = [...checks.slice(from), ...checks.slice(0, from)].map(({ check }) => check).find((check) => !check.allowed);
  const reason = refusal && !refusal.allowed ? refusal.reason : `No move is open to you from ${STAGE_LABELS[task.stage]}.`;
  // Comments stay open on a live task, whoever moves it: say so, as the thing they can do now.
  return { moves, instead: task.archived ? reason : `${reason} You can comment on it meanwhile.` };
}

// The assignee ---------------------------------------------------------------------------------

/** "Sam Lee" → "SL": the app's one `initials` (lib/initials), as the assignee's avatar shows them. */
export { initials } from "../../lib/initials";

/** Who handles the task, in a sentence: "Handled by Sam Lee", or that nobody is yet. */
export function handledBy(assignee: { name: string } | null): string {
  return assignee?.name ? `Handled by ${assignee.name}` : "Not assigned yet";
}

// The board's filters --------------------------------------------------------------------------

/** The filters kept in the address bar (the text is `q`); `assignee` is the agency's. */
export const BOARD_FILTER_KEYS = ["assignee", "requestType", "due", "q"] as const;
export type BoardFilterKey = (typeof BOARD_FILTER_KEYS)[number];

export const DUE_FILTER_LABELS: Record<TBoardDueFilter, string> = {
  overdue: "Overdue",
  week: "Due within 7 days",
  none: "No deadline",
};
const isDue = (value: string): value is TBoardDueFilter => value in DUE_FILTER_LABELS;

/**
 * The address bar's filters as the board's query: only the filters this viewer has (a client
 * has no assignee filter), unknown due values dropped; the server checks the rest.
 */
export function boardQueryOf(get: (key: BoardFilterKey) => string, staff: boolean): Omit<TBoardQuery, "accountId"> {
  const query: Omit<TBoardQuery, "accountId"> = {};
  const assignee = get("assignee").trim();
  const requestType = get("requestType").trim();
  const due = get("due").trim();
  const q = get("q").trim();
  if (staff && assignee) query.assignee = assignee;
  if (requestType) query.requestType = requestType;
  if (isDue(due)) query.due = due;
  if (q) query.q = q;
  return query;
}

/** Is any filter narrowing the board? (Then an empty board means "no card matches", not "no work".) */
export const isFiltered = (query: Omit<TBoardQuery, "accountId">) => Object.values(query).some(Boolean);

// The board's layout --------------------------------------------------------------------------

/** The narrowest a column gets before the board scrolls sideways (TaskCard.module.css `--board-column-min`), and the gap. */
export const BOARD_COLUMN_MIN = 172;
export const BOARD_GAP = 10;

/** Do all five columns fit side by side in a board this wide (px)? */
export const boardFits = (width: number) => width >= STAGES.length * BOARD_COLUMN_MIN + (STAGES.length - 1) * BOARD_GAP;

export type FoldChoice = "collapsed" | "expanded";

/** Is COMPLETED folded to a strip? The person's saved choice wins; without one, only when the five columns do not fit. */
export const completedFolded = (choice: FoldChoice | null, fits: boolean) => (choice ? choice === "collapsed" : !fits);

/** Which edges of a sideways-scrolling board have more columns beyond them (a pixel of slack for rounding). */
export function scrollEdges(el: { scrollLeft: number; clientWidth: number; scrollWidth: number }): { left: boolean; right: boolean } {
  return { left: el.scrollLeft > 1, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 1 };
}

// What a review points at --------------------------------------------------------------------

/**
 * The draft or deliverable a review round points at, as a link: "Review the draft: <title>" to
 * the draft's page, or "Deliverable: <name>" to the account's deliverables (a client's own page;
 * staff open that client's).
 */
export function reviewItemLink(item: TReviewItem, viewer: { staff: boolean; accountId: string }): { label: string; href: string } {
  if (item.type === "draft") return { label: `Review the draft: ${item.title}`, href: `/updates/${encodeURIComponent(item.id)}` };
  return {
    label: `Deliverable: ${item.title}`,
    href: viewer.staff ? `/clients/${encodeURIComponent(viewer.accountId)}/deliverables` : "/deliverables",
  };
}

/** The choice in "What should the client review?": a draft or a deliverable, as one select value ("draft:<id>"). */
export const reviewItemValue = (item: { type: TReviewItem["type"]; id: string }) => `${item.type}:${item.id}`;

/** The select's value back as the move's `review.item` (null for "none"). */
export function reviewItemOfValue(value: string): { type: TReviewItem["type"]; id: string } | null {
  const at = value.indexOf(":");
  const type = value.slice(0, at);
  const id = value.slice(at + 1);
  return at > 0 && id && (type === "draft" || type === "deliverable") ? { type, id } : null;
}
