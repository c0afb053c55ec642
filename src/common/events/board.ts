/** Website Work Requests' events: every task event says whether it is internal or public. */
import type { TStage } from "../board";
import type { EventCatalogue, Visibility } from "./catalogue";

export interface TaskBase extends Visibility {
  number: number;
  summary: string;
  stage: TStage;
}
type Move = TaskBase & {
  from: TStage;
  to: TStage;
  commentId?: string;
  comment?: string;
  approvalId?: string;
  version?: number;
  reason?: string;
  authorRole: string;
};
type QuoteDecision = TaskBase & { quoteId: string; amountMinor: number; currency: string; comment?: string; authorRole: string };

export interface TaskEventPayloads {
  "task.created": TaskBase & {
    requestType: string;
    deadline: string | null;
    template: string | null;
    authorRole: string;
    body: string;
  };
  "task.updated": TaskBase & { changes: Record<string, { from: unknown; to: unknown }> };
  /** A staff member took the task on, or nobody handles it now (`assigneeId` null). */
  "task.assigned": TaskBase & { assigneeId: string | null; assigneeName: string | null; previousAssigneeId: string | null };
  "task.commented": TaskBase & { commentId: string; kind: "reply" | "note"; body: string; source: "portal" | "email"; authorRole: string };
  "task.moved": Move;
  "task.approved": Move;
  "task.changes_requested": Move;
  "task.completed_by_admin": Move;
  "task.reordered": TaskBase;
  "task.quoted": TaskBase & { quoteId: string; amountMinor: number; currency: string; scope: string; authorRole: string };
  "task.quote_accepted": QuoteDecision;
  "task.quote_declined": QuoteDecision;
  "task.archived": TaskBase & { automatic: boolean };
  "task.unarchived": TaskBase & { automatic: boolean };
  "request_type.created": { name: string };
  "request_type.updated": { before: Record<string, unknown>; after: Record<string, unknown> };
  "task_template.created": { name: string | undefined };
  "task_template.updated": { name: string | undefined };
}

export const TASK_EVENTS: EventCatalogue<TaskEventPayloads> = {
  "task.created": { label: "Work request logged", audience: "client_when_public", notify: "task.created", category: "work" },
  "task.updated": { label: "Work request changed", audience: "client_when_public" },
  "task.assigned": { label: "Work request assigned", audience: "client_when_public", notify: "task.assigned" },
  "task.commented": { label: "Comment on a work request", audience: "client_when_public", notify: "task.commented", category: "work" },
  "task.moved": { label: "Work request moved", audience: "client_when_public", notify: "task.moved", category: "work" },
  "task.approved": { label: "Work approved", audience: "client_when_public", notify: "task.approval", category: "work" },
  "task.changes_requested": { label: "Changes requested", audience: "client_when_public", notify: "task.approval", category: "work" },
  "task.completed_by_admin": {
    label: "Completed without client approval",
    audience: "client_when_public",
    notify: "task.moved",
    category: "work",
  },
  "task.reordered": { label: "Card reordered", audience: "client_when_public", category: "audit" },
  "task.quoted": { label: "Quote sent", audience: "client_when_public", notify: "task.quote", category: "work" },
  "task.quote_accepted": { label: "Quote accepted", audience: "client_when_public", notify: "task.quote", category: "work" },
  "task.quote_declined": { label: "Quote declined", audience: "client_when_public", notify: "task.quote", category: "work" },
  "task.archived": { label: "Work request archived", audience: "client_when_public" },
  "task.unarchived": { label: "Work request unarchived", audience: "client_when_public" },
  "request_type.created": { label: "Request type added", audience: "staff", category: "audit" },
  "request_type.updated": { label: "Request type changed", audience: "staff", category: "audit" },
  "task_template.created": { label: "Task template added", audience: "staff", category: "audit" },
  "task_template.updated": { label: "Task template changed", audience: "staff", category: "audit" },
};
