/** Support Tickets' events: every ticket event says whether it is internal (a note) or public. */
import type { EventCatalogue, Visibility } from "./catalogue";

export interface TicketBase extends Visibility {
  number: number;
  subject: string;
  assigneeId: string | null;
}
type Source = "portal" | "email";

export interface TicketEventPayloads {
  "ticket.created": TicketBase & { priority: string; categoryName: string | null; body: string };
  "ticket.replied": TicketBase & { messageId: string; body: string; kind: "reply" | "note"; source: Source; authorRole: string };
  "ticket.status_changed": TicketBase & { from: string; to: string; messageId?: string; comment?: string };
  "ticket.reopened": TicketBase & { from: "closed"; to: string; messageId: string; body: string; source: Source; authorRole: string };
  "ticket.assigned": TicketBase & { assigneeName: string | null; previousAssigneeId: string | null };
  "ticket.updated": TicketBase & { changes: Record<string, { from: unknown; to: unknown }> };
  "ticket_category.created": { name: string };
  "ticket_category.updated": { before: Record<string, unknown>; after: Record<string, unknown> };
  "canned_reply.created": { title: string };
  "canned_reply.updated": { title: string; before?: { title: string; body: string }; after?: { title: string; body: string } };
  "canned_reply.deleted": { title: string };
}

export const TICKET_EVENTS: EventCatalogue<TicketEventPayloads> = {
  "ticket.created": { label: "Ticket raised", audience: "client_when_public", notify: "ticket.created", category: "work" },
  "ticket.replied": { label: "Ticket answered", audience: "client_when_public", notify: "ticket.replied", category: "work" },
  "ticket.status_changed": { label: "Ticket moved", audience: "client_when_public", notify: "ticket.status_changed", category: "work" },
  "ticket.reopened": { label: "Ticket reopened", audience: "client_when_public", notify: "ticket.reopened", category: "work" },
  "ticket.assigned": { label: "Ticket assigned", audience: "client_when_public", notify: "ticket.assigned" },
  "ticket.updated": { label: "Ticket changed", audience: "client_when_public" },
  "ticket_category.created": { label: "Ticket category added", audience: "staff", category: "audit" },
  "ticket_category.updated": { label: "Ticket category changed", audience: "staff", category: "audit" },
  "canned_reply.created": { label: "Canned reply added", audience: "staff", category: "audit" },
  "canned_reply.updated": { label: "Canned reply changed", audience: "staff", category: "audit" },
  "canned_reply.deleted": { label: "Canned reply deleted", audience: "staff", category: "audit" },
};
