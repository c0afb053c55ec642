/**
 * Support tickets: request and response schemas shared by server and web. Vocabulary from the
 * client guide: statuses New / Active / Closed (the guide also says Open / In Progress /
 * Resolved — shown as help text, never as a second set).
 */
import { type Static, Type } from "typebox";
import { MAX_COMMENT_LENGTH, ZAddCommentRequest, ZComment, ZFile, ZFileIds, ZPersonRef } from "./conversations";
import { ZLimit, ZPosition } from "./integers";
import { ZId } from "./schemas";

// The statuses' and priorities' words live in a TypeBox-free module the web app's badges import.
export { TICKET_PRIORITIES, TICKET_PRIORITY_LABELS, TICKET_STATUS_HELP, TICKET_STATUS_LABELS, TICKET_STATUSES } from "./ticket-labels";

export const ZTicketStatus = Type.Union([Type.Literal("new"), Type.Literal("active"), Type.Literal("closed")]);
export type TTicketStatus = Static<typeof ZTicketStatus>;

export const ZTicketPriority = Type.Union([Type.Literal("low"), Type.Literal("normal"), Type.Literal("high"), Type.Literal("urgent")]);
export type TTicketPriority = Static<typeof ZTicketPriority>;

export const ZCategory = Type.Object({ id: ZId, name: Type.String(), position: Type.Integer(), disabled: Type.Boolean() });
export type TCategory = Static<typeof ZCategory>;
export const ZCategoryList = Type.Object({ data: Type.Array(ZCategory) });
export const ZCreateCategoryRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) });
export const ZUpdateCategoryRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    position: Type.Optional(ZPosition),
    disabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export const ZCategoryResponse = Type.Object({ data: ZCategory });

export const ZCannedReply = Type.Object({ id: ZId, title: Type.String(), body: Type.String(), updatedAt: Type.String() });
export type TCannedReply = Static<typeof ZCannedReply>;
export const ZCannedReplyList = Type.Object({ data: Type.Array(ZCannedReply) });
export const ZCannedReplyRequest = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 120 }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
});
export const ZUpdateCannedReplyRequest = Type.Partial(ZCannedReplyRequest, { minProperties: 1 });
export const ZCannedReplyResponse = Type.Object({ data: ZCannedReply });

export const ZTicketSummary = Type.Object({
  id: ZId,
  number: Type.Integer(),
  subject: Type.String(),
  status: ZTicketStatus,
  priority: ZTicketPriority,
  category: Type.Union([Type.Object({ id: ZId, name: Type.String() }), Type.Null()]),
  account: Type.Object({ id: ZId, name: Type.String() }),
  assignee: Type.Union([ZPersonRef, Type.Null()]),
  createdBy: ZPersonRef,
  /** Public replies only for clients; staff also count internal notes. */
  messageCount: Type.Integer(),
  createdAt: Type.String(),
  lastActivityAt: Type.String(),
});
export type TTicketSummary = Static<typeof ZTicketSummary>;

export const ZTicketListQuery = Type.Object({
  status: Type.Optional(ZTicketStatus),
  priority: Type.Optional(ZTicketPriority),
  categoryId: Type.Optional(ZId),
  assigneeId: Type.Optional(ZId),
  accountId: Type.Optional(ZId),
  unassigned: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Union([Type.Literal("activity"), Type.Literal("created")])),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(ZLimit(100, 25)),
});
export type TTicketListQuery = Static<typeof ZTicketListQuery>;
export const ZTicketList = Type.Object({ data: Type.Array(ZTicketSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type TTicketList = Static<typeof ZTicketList>;

export const ZCreateTicketRequest = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 200, description: "Summary" }),
  description: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "Issue description (Markdown)" }),
  categoryId: Type.Optional(ZId),
  priority: ZTicketPriority,
  fileIds: ZFileIds,
  /** Staff raising a ticket on a client's behalf name the account; clients never send it. */
  accountId: Type.Optional(ZId),
});
export type TCreateTicketRequest = Static<typeof ZCreateTicketRequest>;

export const ZTimelineItem = Type.Object({
  id: ZId,
  type: Type.Union([Type.Literal("message"), Type.Literal("event")]),
  createdAt: Type.String(),
  actor: Type.Union([ZPersonRef, Type.Null()]),
  message: Type.Optional(ZComment),
  event: Type.Optional(Type.Object({ verb: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()) })),
});
export type TTimelineItem = Static<typeof ZTimelineItem>;

export const ZTicketDetail = Type.Object({
  data: Type.Object({
    ticket: ZTicketSummary,
    description: Type.String(),
    files: Type.Array(ZFile),
    timeline: Type.Array(ZTimelineItem),
  }),
  policies: Type.Object({
    reply: Type.Boolean(),
    note: Type.Boolean(),
    close: Type.Boolean(),
    reopen: Type.Boolean(),
    update: Type.Boolean(),
  }),
});
export type TTicketDetail = Static<typeof ZTicketDetail>;
export const ZTicketResponse = Type.Object({ data: ZTicketSummary });

/** A reply or (staff) an internal note on a ticket. */
export const ZAddMessageRequest = ZAddCommentRequest;
export type TAddMessageRequest = Static<typeof ZAddMessageRequest>;
export const ZReopenRequest = Type.Object({
  body: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "Why it should not be closed" }),
  fileIds: ZFileIds,
});
export const ZCloseRequest = Type.Object({ body: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })) });
export const ZUpdateTicketRequest = Type.Object(
  {
    status: Type.Optional(ZTicketStatus),
    priority: Type.Optional(ZTicketPriority),
    categoryId: Type.Optional(Type.Union([ZId, Type.Null()])),
    assigneeId: Type.Optional(Type.Union([ZId, Type.Null()])),
  },
  { minProperties: 1 },
);
export type TUpdateTicketRequest = Static<typeof ZUpdateTicketRequest>;
