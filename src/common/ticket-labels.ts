/**
 * A ticket's statuses and priorities and their words, as plain values (no TypeBox): the web app's
 * badges on the dashboard import them from here; ./tickets re-exports them beside the schemas.
 */
export const TICKET_STATUSES = ["new", "active", "closed"] as const;
export type TTicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TTicketStatus, string> = { new: "New", active: "Active", closed: "Closed" };
export const TICKET_STATUS_HELP: Record<TTicketStatus, string> = {
  new: "Open: waiting for the support team to pick it up.",
  active: "In Progress: the support team is working on it.",
  closed: "Resolved: done. Reopen it with a comment if it should not be closed.",
};

export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type TTicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_PRIORITY_LABELS: Record<TTicketPriority, string> = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };
