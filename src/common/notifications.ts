/** In-app notifications, email preferences and the live stream: shared by server and web. */
import { type Static, Type } from "typebox";
import { ZLimit } from "./integers";
import { ZId } from "./schemas";

export const ZNotification = Type.Object({
  id: ZId,
  verb: Type.String(),
  title: Type.String(),
  body: Type.String(),
  /** Path inside the portal, e.g. /tickets/<id> */
  url: Type.String(),
  read: Type.Boolean(),
  createdAt: Type.String(),
});
export type TNotification = Static<typeof ZNotification>;
export const ZNotificationList = Type.Object({ data: Type.Array(ZNotification), unreadCount: Type.Integer() });
export type TNotificationList = Static<typeof ZNotificationList>;
export const ZNotificationListQuery = Type.Object({
  unread: Type.Optional(Type.Boolean()),
  limit: Type.Optional(ZLimit(100, 20)),
});

/** Kinds a person can switch email on or off for (in-app notifications always arrive). */
export const NOTIFICATION_KINDS = [
  "ticket.created",
  "ticket.replied",
  "ticket.status_changed",
  "ticket.reopened",
  "ticket.assigned",
  "task.created",
  "task.commented",
  "task.moved",
  "task.quote",
  "task.approval",
  "task.assigned",
  "journey.step",
  "onboarding.review",
  "update.posted",
  "draft.decision",
  "notice.posted",
  "ask.created",
  "ask.answered",
  "invoice.sent",
  "invoice.payment",
] as const;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<TNotificationKind, string> = {
  "ticket.created": "A new ticket is raised",
  "ticket.replied": "Someone replies to a ticket",
  "ticket.status_changed": "A ticket is moved (status changes)",
  "ticket.reopened": "A closed ticket is reopened",
  "ticket.assigned": "A ticket is assigned to me",
  "task.created": "A new work request is logged",
  "task.commented": "Someone comments on a work request",
  "task.moved": "A work request moves on the board",
  "task.quote": "A quote is sent, accepted or declined",
  "task.approval": "Work is approved or changes are requested",
  "task.assigned": "A work request is assigned to me",
  "journey.step": "My client journey moves to a new step",
  "onboarding.review": "An onboarding form is shared, submitted, returned or approved",
  "update.posted": "My agent posts an update, a draft or a deliverable",
  "draft.decision": "A draft is approved or edits are requested",
  "notice.posted": "The agency posts a notice",
  "ask.created": "The agency asks me for a code, a confirmation or an answer",
  "ask.answered": "A client answers my ask, or it expires unanswered",
  "invoice.sent": "The agency sends me an invoice or a credit note",
  "invoice.payment": "A payment or refund is recorded on my invoice",
};
export const ZNotificationPreferences = Type.Object({
  data: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), email: Type.Boolean() })),
});
export type TNotificationPreferences = Static<typeof ZNotificationPreferences>;
export const ZUpdatePreferencesRequest = Type.Object({
  preferences: Type.Array(Type.Object({ kind: Type.String({ maxLength: 60 }), email: Type.Boolean() }), { minItems: 1, maxItems: 50 }),
});

/**
 * What the live stream (`GET /api/stream`, Server-Sent Events) sends: `event: change` with this
 * JSON, `id:` the event id (resume with Last-Event-ID). The web app invalidates its queries
 * for the object; it never trusts the push for content.
 */
export const ZStreamChange = Type.Object({
  id: ZId,
  verb: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  accountId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type TStreamChange = Static<typeof ZStreamChange>;

/**
 * The answer to marking notifications read, and the data of the stream's
 * `event: notification` (sent on connect and whenever the user gets a new notification).
 */
/** Marks read everything the person was told about one object, as they open it (a ticket, a task). */
export const ZMarkObjectReadRequest = Type.Object({
  objectType: Type.String({ minLength: 1, maxLength: 40, pattern: "^[a-z][a-z_]*$" }),
  objectId: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ZUnreadCount = Type.Object({ unreadCount: Type.Integer() });
export type TUnreadCount = Static<typeof ZUnreadCount>;
