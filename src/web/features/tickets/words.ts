/** Ticket words and colours shared by the ticket pages (labels themselves come from src/common). */

import {
  TICKET_PRIORITIES,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_STATUSES,
  type TTicketPriority,
  type TTicketStatus,
} from "../../../common/ticket-labels";

export const STATUS_COLORS: Record<TTicketStatus, string> = { new: "blue", active: "orange", closed: "gray" };
export const PRIORITY_COLORS: Record<TTicketPriority, string> = { low: "gray", normal: "indigo", high: "orange", urgent: "red" };

export const STATUS_OPTIONS = TICKET_STATUSES.map((value) => ({ value, label: TICKET_STATUS_LABELS[value] }));
export const PRIORITY_OPTIONS = TICKET_PRIORITIES.map((value) => ({ value, label: TICKET_PRIORITY_LABELS[value] }));

/** The guide's two sets of status words, said once. */
export const STATUS_HELP = "Tickets move through New, Active and Closed (also called Open, In Progress and Resolved).";

export function isStatus(value: string): value is TTicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

export function isPriority(value: string): value is TTicketPriority {
  return (TICKET_PRIORITIES as readonly string[]).includes(value);
}

type Payload = Record<string, unknown>;

function text(payload: Payload, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === "string" && value.trim()) return value;
    if (value && typeof value === "object" && "name" in value && typeof value.name === "string") return value.name;
  }
  return null;
}

function statusLabel(value: string | null): string | null {
  if (!value) return null;
  return isStatus(value) ? TICKET_STATUS_LABELS[value] : value;
}

function priorityLabel(value: string | null): string | null {
  if (!value) return null;
  return isPriority(value) ? TICKET_PRIORITY_LABELS[value] : value;
}

function fromTo(what: string, from: string | null, to: string | null): string {
  if (from && to) return `${what} from ${from} to ${to}`;
  if (to) return `${what} to ${to}`;
  return what;
}

function fromToOf(value: unknown): { from: string | null; to: string | null } {
  if (!value || typeof value !== "object") return { from: null, to: null };
  const record = value as Payload;
  return { from: text(record, "from"), to: text(record, "to") };
}

/** `ticket.updated` carries `changes: { priority: {from, to}, category: {from, to} }`. */
function describeChanges(changes: unknown): string | null {
  if (!changes || typeof changes !== "object") return null;
  const record = changes as Payload;
  const parts: string[] = [];
  if (record.priority) {
    const { from, to } = fromToOf(record.priority);
    parts.push(fromTo("the priority", priorityLabel(from), priorityLabel(to)));
  }
  if (record.category) {
    const { from, to } = fromToOf(record.category);
    parts.push(fromTo("the category", from ?? "none", to ?? "none"));
  }
  return parts.length ? `changed ${parts.join(" and ")}` : null;
}

/** The id of the person an assignment names (`assigneeId`, or an `assignee: { id }` object). */
function assigneeIdOf(payload: Payload): string | null {
  if (typeof payload.assigneeId === "string" && payload.assigneeId) return payload.assigneeId;
  const assignee = payload.assignee;
  if (assignee && typeof assignee === "object" && "id" in assignee && typeof assignee.id === "string") return assignee.id;
  return null;
}

/**
 * A timeline event as the rest of a sentence after the actor's name, e.g. "moved this ticket
 * from New to Active". Payload names are read defensively: unknown shapes still read well.
 * `actorId` is who did it: someone assigning a ticket to themselves "took this ticket".
 */
export function describeTicketEvent(verb: string, payload: Payload, actorId?: string | null): string {
  switch (verb) {
    case "ticket.created":
      return "opened this ticket";
    case "ticket.status_changed":
    case "ticket.moved":
      return fromTo(
        "moved this ticket",
        statusLabel(text(payload, "from", "fromStatus", "previousStatus", "oldStatus")),
        statusLabel(text(payload, "to", "toStatus", "status", "newStatus")),
      );
    case "ticket.closed":
      return "closed this ticket";
    case "ticket.reopened": {
      const to = statusLabel(text(payload, "to"));
      return to ? `reopened this ticket (back to ${to})` : "reopened this ticket";
    }
    case "ticket.assigned": {
      const assigneeId = assigneeIdOf(payload);
      if (actorId && assigneeId === actorId) return "took this ticket";
      const to = text(payload, "assigneeName", "toName", "assignee", "to");
      return to ? `assigned this ticket to ${to}` : "unassigned this ticket";
    }
    case "ticket.unassigned":
      return "unassigned this ticket";
    case "ticket.priority_changed":
      return fromTo(
        "changed the priority",
        priorityLabel(text(payload, "from", "fromPriority", "previousPriority")),
        priorityLabel(text(payload, "to", "toPriority", "priority")),
      );
    case "ticket.category_changed":
      return fromTo(
        "changed the category",
        text(payload, "fromName", "fromCategory", "previousCategory", "from"),
        text(payload, "toName", "toCategory", "categoryName", "category", "to") ?? "none",
      );
    case "ticket.updated":
      return describeChanges(payload.changes) ?? "updated this ticket";
    default: {
      const words = verb
        .replace(/^ticket\./, "")
        .replace(/[._]+/g, " ")
        .trim();
      return words ? `${words} this ticket` : "updated this ticket";
    }
  }
}
