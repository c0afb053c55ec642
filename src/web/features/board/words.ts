/** Board words and colours shared by the work-request pages (the stage names come from src/common/board.ts). */

import {
  STAGE_LABELS,
  type TBoard,
  type TBoardCard,
  type TOwner,
  type TStage,
  type TTaskCard,
  type TTaskQuoteState,
} from "../../../common/board";
import { formatMoney } from "../../../common/money";

/** What moving a task needs to know: a board card and an opened task both have it. */
export type MovableTask = Pick<TTaskCard, "id" | "number" | "summary" | "stage" | "quote" | "archived">;

/** A board card with its request type and client named: what the card shows. */
export interface BoardTask extends TBoardCard {
  requestType: { id: string; name: string } | null;
  account: { id: string; name: string };
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
  return board.columns.map((column) => ({
    stage: column.stage,
    total: column.total,
    tasks: column.tasks.map((card) => ({
      ...card,
      requestType: card.requestTypeId ? (types.get(card.requestTypeId) ?? null) : null,
      account: accounts.get(card.accountId) ?? { id: card.accountId, name: "" },
      archived: false as const,
    })),
  }));
}

/**
 * A board of a thousand cards is drawn in steps: the first cards of every column at once (what
 * fits on a screen), the rest in small transitions that let the page answer clicks and keys in
 * between. Every card is there within a moment; the board is usable before that.
 */
export const FIRST_PAINT_CARDS = 20;

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
export function describeTaskEvent(verb: string, payload: Payload): string {
  switch (verb) {
    case "task.created":
      return text(payload, "template") ? `created this task from the template “${text(payload, "template")}”` : "logged this work request";
    case "task.updated":
      return describeChanges(payload.changes);
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
