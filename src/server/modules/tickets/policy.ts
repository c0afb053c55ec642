import type { Actor } from "../../platform/auth/sessions";
import type { TicketStatus } from "../../platform/db/schema";

/**
 * Who may do what to a ticket they can already see (seeing is the tenant scope's job: a
 * ticket outside it is a 404 before any of this is asked).
 *   - everyone who sees it: public reply while open, close while open, reopen once closed;
 *   - staff only: internal notes, and changing status, priority, category and assignee.
 * A client replying to a closed ticket must reopen it (with a comment) instead.
 */
export function ticketPolicy(actor: Actor, ticket: { status: TicketStatus }) {
  const staff = actor.role !== "client";
  const closed = ticket.status === "closed";
  return {
    reply: staff || !closed,
    note: staff,
    close: !closed,
    reopen: closed,
    update: staff,
  };
}
export type TicketPolicy = ReturnType<typeof ticketPolicy>;
