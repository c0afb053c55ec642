/** Reply by email (to ticket and work-request emails): what the admin's inbound log and the raw-MIME endpoint exchange. */
import { type Static, Type } from "typebox";
import { ZId } from "./schemas";

export const ZInboundStatus = Type.Union([Type.Literal("attached"), Type.Literal("quarantined")]);
export type TInboundStatus = Static<typeof ZInboundStatus>;
export const INBOUND_STATUS_LABELS: Record<TInboundStatus, string> = { attached: "Attached", quarantined: "Quarantined" };

export const ZInboundMessage = Type.Object({
  id: ZId,
  from: Type.String(),
  subject: Type.String(),
  status: ZInboundStatus,
  /** Why it was quarantined (no match, unknown sender, malformed…); null when attached. */
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
  createdAt: Type.String(),
});
export type TInboundMessage = Static<typeof ZInboundMessage>;

export const ZInboundListQuery = Type.Object({
  status: Type.Optional(ZInboundStatus),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
});
export type TInboundListQuery = Static<typeof ZInboundListQuery>;
export const ZInboundList = Type.Object({ data: Type.Array(ZInboundMessage), total: Type.Integer(), pageSize: Type.Integer() });
export type TInboundList = Static<typeof ZInboundList>;

/** The answer to POST /api/inbound/email: what happened to the message. */
export const ZInboundResult = Type.Object({
  data: Type.Object({
    id: ZId,
    status: Type.Union([ZInboundStatus, Type.Literal("duplicate")]),
    reason: Type.Union([Type.String(), Type.Null()]),
    objectType: Type.Union([Type.String(), Type.Null()]),
    objectId: Type.Union([ZId, Type.Null()]),
    ticketId: Type.Union([ZId, Type.Null()]),
    taskId: Type.Union([ZId, Type.Null()]),
  }),
});
export type TInboundResult = Static<typeof ZInboundResult>;
