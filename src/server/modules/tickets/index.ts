import { TICKET_EVENTS } from "../../../common/events/tickets";
import type { ModuleDescriptor } from "../module";
import { ticketTopic } from "./notification-topic";
import { messageKind, ticketById, ticketByNumber, ticketsForMessageIds } from "./queries";
import { ticketRoutes } from "./routes";
import { replyFromEmail } from "./service";

/** Support Tickets: the queue, the conversation, categories, canned replies, reply by email. */
export const ticketsModule: ModuleDescriptor = {
  name: "tickets",
  routes: ticketRoutes,
  events: TICKET_EVENTS,
  notifications: [ticketTopic],
  fileOwners: {
    // Why: a client never downloads a file attached to an internal note.
    ticket_message: async (db, actor, file) => actor.role !== "client" || (await messageKind(db, file.owner_id)) === "reply",
  },
  replyTargets: [
    {
      type: "ticket",
      // `[#`: a task's `[Task #1042]` does not match, so the two numbers never mix.
      subjectTag: /\[#(\d{1,9})\]/,
      byId: ticketById,
      byNumber: ticketByNumber,
      byEmailMessageIds: ticketsForMessageIds,
      post: (ctx, ref, author, reply) => replyFromEmail(ctx, { ticketId: ref.id, authorId: author.id, ...reply }),
    },
  ],
};
