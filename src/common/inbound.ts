/**
 * Inbound email — replies to ticket and work-request emails, and new mail to the support address:
 * what the admin's inbound log, its quarantine actions and the raw-MIME endpoint exchange.
 */
import { type Static, Type } from "typebox";
import { ZPersonRef } from "./conversations";
import { ZPage } from "./integers";
import { ZId } from "./schemas";

/**
 * `attached`: posted (a reply into its thread, or a new ticket from mail to the support address);
 * `quarantined`: nothing was posted, an admin decides; `resolved`: an admin posted it from the
 * quarantine (Create ticket for…, Add sender as contact and post); `discarded`: an admin threw it away.
 */
export const INBOUND_STATUSES = ["attached", "quarantined", "resolved", "discarded"] as const;
export const ZInboundStatus = Type.Union([
  Type.Literal("attached"),
  Type.Literal("quarantined"),
  Type.Literal("resolved"),
  Type.Literal("discarded"),
]);
export type TInboundStatus = Static<typeof ZInboundStatus>;
export const INBOUND_STATUS_LABELS: Record<TInboundStatus, string> = {
  attached: "Attached",
  quarantined: "Quarantined",
  resolved: "Posted by an admin",
  discarded: "Discarded",
};

/** What an admin did with a quarantined message. */
export const ZInboundAction = Type.Union([Type.Literal("ticket_created"), Type.Literal("contact_added"), Type.Literal("discarded")]);
export type TInboundAction = Static<typeof ZInboundAction>;

export const ZInboundResolution = Type.Object({
  action: ZInboundAction,
  /** The admin who acted (null when their user no longer exists). */
  by: Type.Union([ZPersonRef, Type.Null()]),
  at: Type.String(),
});
export type TInboundResolution = Static<typeof ZInboundResolution>;

export const ZInboundMessage = Type.Object({
  id: ZId,
  from: Type.String(),
  subject: Type.String(),
  status: ZInboundStatus,
  /** Why it was quarantined (no match, unknown sender, malformed…); kept after an admin acted; null when attached. */
  reason: Type.Union([Type.String(), Type.Null()]),
  /** The object it was posted into (or named when the sender was not a participant): a reply target's type and id. */
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([ZId, Type.Null()]),
  /** The ticket it was posted into, or the one it named when the sender was not a participant. */
  ticketId: Type.Union([ZId, Type.Null()]),
  /** The same for a work request (task): the reply was to one of its emails. At most one of the two is set. */
  taskId: Type.Union([ZId, Type.Null()]),
  /** The raw message can be downloaded from GET /api/admin/inbound/:id/raw. */
  hasRaw: Type.Boolean(),
  /** What an admin did with it from the quarantine; null until then. */
  resolution: Type.Union([ZInboundResolution, Type.Null()]),
  createdAt: Type.String(),
});
export type TInboundMessage = Static<typeof ZInboundMessage>;

export const ZInboundListQuery = Type.Object({
  status: Type.Optional(ZInboundStatus),
  page: Type.Optional(ZPage),
});
export type TInboundListQuery = Static<typeof ZInboundListQuery>;
export const ZInboundList = Type.Object({ data: Type.Array(ZInboundMessage), total: Type.Integer(), pageSize: Type.Integer() });
export type TInboundList = Static<typeof ZInboundList>;

/** The answer to POST /api/inbound/email: what happened to the message. */
export const ZInboundResult = Type.Object({
  data: Type.Object({
    id: ZId,
    status: Type.Union([Type.Literal("attached"), Type.Literal("quarantined"), Type.Literal("duplicate")]),
    reason: Type.Union([Type.String(), Type.Null()]),
    objectType: Type.Union([Type.String(), Type.Null()]),
    objectId: Type.Union([ZId, Type.Null()]),
    ticketId: Type.Union([ZId, Type.Null()]),
    taskId: Type.Union([ZId, Type.Null()]),
  }),
});
export type TInboundResult = Static<typeof ZInboundResult>;

// Quarantine actions (admins): each answers with the message as the log now shows it.

/** POST /api/admin/inbound/:id/create-ticket: a new ticket in this client account, raised by the admin on its behalf. */
export const ZCreateTicketFromInboundRequest = Type.Object({ accountId: ZId });
export type TCreateTicketFromInboundRequest = Static<typeof ZCreateTicketFromInboundRequest>;

/** POST /api/admin/inbound/:id/add-contact: the sender becomes a contact of this account (invited), then the message is posted. */
export const ZAddSenderAsContactRequest = Type.Object({
  accountId: ZId,
  name: Type.String({ minLength: 1, maxLength: 120, description: "The new contact's name" }),
});
export type TAddSenderAsContactRequest = Static<typeof ZAddSenderAsContactRequest>;

export const ZInboundMessageResponse = Type.Object({ data: ZInboundMessage });
export type TInboundMessageResponse = Static<typeof ZInboundMessageResponse>;
