import { allow, allowedOf, refuse } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import type { TicketStatus } from "../../platform/db/schema";

/**
 * Who may do what to a ticket they can already see (seeing is the tenant scope's job: a
 * ticket outside it is a 404 before any of this is asked).
 *   - everyone who sees it: public reply while open, close while open, reopen once closed;
 *   - staff only: internal notes, and changing status, priority, category and assignee.
 * A client replying to a closed ticket must reopen it (with a comment) instead.
 */
export function ticketDecisions(actor: Actor, ticket: { status: TicketStatus }) {
  const staff = actor.role !== "client";
  const closed = ticket.status === "closed";
  return {
    reply: staff || !closed ? allow : refuse("ticket_closed", "This ticket is closed. Reopen it and add your comment."),
    note: staff ? allow : refuse("staff_only", "Only the agency's staff can add internal notes."),
    close: !closed ? allow : refuse("ticket_closed", "This ticket is already closed."),
    reopen: closed ? allow : refuse("ticket_not_closed", "Only a closed ticket can be reopened."),
    update: staff ? allow : refuse("staff_only", "Only the agency's staff can change a ticket's status, priority, category or assignee."),
  };
}

/** The decisions as the web app gets them (`policies`): what to show. */
export const ticketPolicy = (actor: Actor, ticket: { status: TicketStatus }) => allowedOf(ticketDecisions(actor, ticket));
export type TicketPolicy = ReturnType<typeof ticketPolicy>;
