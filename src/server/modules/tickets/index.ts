import { TICKET_EVENTS } from "../../../common/events/tickets";
import type { ModuleDescriptor } from "../module";
import { ticketNextActions } from "./next-actions";
import { ticketTopic } from "./notification-topic";
import { moveAccountTickets, ticketById, ticketByNumber } from "./queries";
import { ticketRoutes } from "./routes";
import { replyFromEmail } from "./service";

/** Support Tickets: the queue, the conversation, categories, canned replies, reply by email. */
export const ticketsModule: ModuleDescriptor = {
  name: "tickets",
  accountMerge: moveAccountTickets,
  routes: ticketRoutes,
  events: TICKET_EVENTS,
  notifications: [ticketTopic],
  nextActions: ticketNextActions,
  replyTargets: [
    {
      type: "ticket",
      // "SUP-1042" in today's subjects; the admin keeps the two prefixes apart, so a task's never matches.
      prefix: (settings) => settings.ticketPrefix,
      // The older `[#1042]`: a task's `[Task #1042]` does not match, so the two numbers never mix.
      subjectTag: /\[#(\d{1,9})\]/,
      byId: ticketById,
      byNumber: ticketByNumber,
      post: (tx, ref, author, reply) => replyFromEmail(tx, { ticketId: ref.id, author, ...reply }),
    },
  ],
};
