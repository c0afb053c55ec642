/**
 * Notices ("Keep momentum"): the agency's announcements to all clients or chosen accounts, shown
 * on a client's dashboard until they dismiss them, with read receipts for the sender. Request and
 * response schemas shared by server and web.
 */
import { type Static, Type } from "typebox";
import { ZPersonRef } from "./conversations";
import { ZPage } from "./integers";
import { ZId } from "./schemas";

// The importances' words live in a TypeBox-free module the dashboard's notice card imports.
export { NOTICE_IMPORTANCE_LABELS, NOTICE_IMPORTANCES } from "./notice-labels";
export const ZNoticeImportance = Type.Union([Type.Literal("info"), Type.Literal("important")]);
export type TNoticeImportance = Static<typeof ZNoticeImportance>;

/** `all`: every client account, including accounts created while it runs; `accounts`: the chosen ones. */
export const NOTICE_AUDIENCES = ["all", "accounts"] as const;
export const ZNoticeAudience = Type.Union([Type.Literal("all"), Type.Literal("accounts")]);
export type TNoticeAudience = Static<typeof ZNoticeAudience>;

export const MAX_NOTICE_TITLE = 160;
export const MAX_NOTICE_BODY = 20_000;
/** The most accounts one notice names (beyond that, post to all clients). */
export const MAX_NOTICE_ACCOUNTS = 500;
/** A notice list's page. */
export const NOTICE_PAGE_SIZE = 20;

const title = Type.String({ minLength: 1, maxLength: MAX_NOTICE_TITLE, description: "What the notice is about" });
const body = Type.String({ minLength: 1, maxLength: MAX_NOTICE_BODY, description: "Markdown" });
const endsAt = Type.String({ format: "date-time", maxLength: 40, description: "When it stops showing (ISO time, in the future)" });

export const ZCreateNoticeRequest = Type.Object({
  title,
  body,
  audience: ZNoticeAudience,
  /** The chosen accounts when `audience` is `accounts` (at least one). */
  accountIds: Type.Optional(Type.Array(ZId, { maxItems: MAX_NOTICE_ACCOUNTS })),
  endsAt: Type.Optional(Type.Union([endsAt, Type.Null()])),
  importance: Type.Optional(ZNoticeImportance),
});
export type TCreateNoticeRequest = Static<typeof ZCreateNoticeRequest>;

/** Staff edit a running notice: its words, importance and end date (null: runs until ended). */
export const ZUpdateNoticeRequest = Type.Object(
  {
    title: Type.Optional(title),
    body: Type.Optional(body),
    importance: Type.Optional(ZNoticeImportance),
    endsAt: Type.Optional(Type.Union([endsAt, Type.Null()])),
  },
  { minProperties: 1 },
);
export type TUpdateNoticeRequest = Static<typeof ZUpdateNoticeRequest>;

export const NOTICE_LIST_STATUSES = ["active", "all"] as const;
export const ZNoticeListQuery = Type.Object({
  /**
   * `active` (default): for a client, the running notices they have not dismissed (the dashboard's);
   * for staff, the running ones. `all`: every notice, dismissed and ended ones too.
   */
  status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("all")])),
  page: Type.Optional(ZPage),
});
export type TNoticeListQuery = Static<typeof ZNoticeListQuery>;

export const ZNoticeCounts = Type.Object({
  /** People it reached in the viewer's scope: contacts when posted, and later contacts who opened it. */
  recipients: Type.Integer(),
  read: Type.Integer(),
  dismissed: Type.Integer(),
});
export type TNoticeCounts = Static<typeof ZNoticeCounts>;

export const ZNotice = Type.Object({
  id: ZId,
  title: Type.String(),
  body: Type.String(),
  importance: ZNoticeImportance,
  audience: ZNoticeAudience,
  postedBy: ZPersonRef,
  postedAt: Type.String(),
  updatedAt: Type.String(),
  /** The end date chosen, or null. */
  endsAt: Type.Union([Type.String(), Type.Null()]),
  /** When it stopped running (ended early, or its end date passed), or null while it runs. */
  endedAt: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  /** The viewer's own receipt (clients; null for staff). */
  readAt: Type.Union([Type.String(), Type.Null()]),
  dismissedAt: Type.Union([Type.String(), Type.Null()]),
  /** Staff: the chosen accounts they may see (empty for `all`, and always for clients). */
  accounts: Type.Array(Type.Object({ id: ZId, name: Type.String() })),
  /** Staff: "Read by 3 of 5" in their scope; null for clients. */
  counts: Type.Union([ZNoticeCounts, Type.Null()]),
});
export type TNotice = Static<typeof ZNotice>;

/** What the viewer may do to a notice (the web app shows only these). */
export const ZNoticePolicies = Type.Object({
  edit: Type.Boolean(),
  end: Type.Boolean(),
  read: Type.Boolean(),
  dismiss: Type.Boolean(),
});
export type TNoticePolicies = Static<typeof ZNoticePolicies>;

export const ZNoticeListItem = Type.Object({ ...ZNotice.properties, policies: ZNoticePolicies });
export type TNoticeListItem = Static<typeof ZNoticeListItem>;

export const ZNoticeList = Type.Object({
  data: Type.Array(ZNoticeListItem),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** May the viewer post notices, and to all clients? */
  policies: Type.Object({ post: Type.Boolean(), postToAll: Type.Boolean() }),
});
export type TNoticeList = Static<typeof ZNoticeList>;

export const ZNoticeReceipt = Type.Object({
  user: Type.Object({ id: ZId, name: Type.String() }),
  account: Type.Object({ id: ZId, name: Type.String() }),
  readAt: Type.Union([Type.String(), Type.Null()]),
  dismissedAt: Type.Union([Type.String(), Type.Null()]),
});
export type TNoticeReceipt = Static<typeof ZNoticeReceipt>;

export const ZNoticeDetail = Type.Object({
  data: Type.Object({
    notice: ZNotice,
    /** Staff: every recipient in their scope, by account and name; empty for clients. */
    receipts: Type.Array(ZNoticeReceipt),
  }),
  policies: ZNoticePolicies,
});
export type TNoticeDetail = Static<typeof ZNoticeDetail>;

export const ZNoticeResponse = Type.Object({ data: ZNotice, policies: ZNoticePolicies });
export type TNoticeResponse = Static<typeof ZNoticeResponse>;

/** "Read by 3 of 5". */
export const readByLabel = (counts: TNoticeCounts) => `Read by ${counts.read} of ${counts.recipients}`;
