/**
 * "Stay informed": an agent's updates and drafts for review on a client's feed, the client's
 * decisions on each draft version, read receipts, the agency's staff-only notes on a client and
 * the final deliverables updates mark. Request and response schemas shared by server and web.
 */
import { type Static, Type } from "typebox";
import { MAX_COMMENT_LENGTH, MAX_FILE_IDS, ZComment, ZFile, ZFileIds, ZPersonRef } from "./conversations";
import { ZPage } from "./integers";
import { ZId } from "./schemas";

/** `update`: a work update. `draft`: a draft for review, with versions the client approves or asks edits on. */
export const UPDATE_KINDS = ["update", "draft"] as const;
export const ZUpdateKind = Type.Union([Type.Literal("update"), Type.Literal("draft")]);
export type TUpdateKind = Static<typeof ZUpdateKind>;
export const UPDATE_KIND_LABELS: Record<TUpdateKind, string> = { update: "Work update", draft: "Draft for review" };

/** Where a draft stands: its latest version waits for the client, has edits requested, or is approved. */
export const DRAFT_STATUSES = ["waiting", "edits_requested", "approved"] as const;
export const ZDraftStatus = Type.Union([Type.Literal("waiting"), Type.Literal("edits_requested"), Type.Literal("approved")]);
export type TDraftStatus = Static<typeof ZDraftStatus>;
export const DRAFT_STATUS_LABELS: Record<TDraftStatus, string> = {
  waiting: "Waiting for review",
  edits_requested: "Edits requested",
  approved: "Approved",
};

export const DECISIONS = ["approve", "request_edits"] as const;
export const ZDecisionChoice = Type.Union([Type.Literal("approve"), Type.Literal("request_edits")]);
export type TDecisionChoice = Static<typeof ZDecisionChoice>;

export const MAX_UPDATE_TITLE = 200;
export const MAX_DELIVERABLE_NAME = 120;

/** A ticket or a work-request task of the same account the update is about. */
export const ZUpdateLink = Type.Object({
  type: Type.Union([Type.Literal("ticket"), Type.Literal("task")]),
  id: ZId,
  number: Type.Integer(),
  title: Type.String(),
});
export type TUpdateLink = Static<typeof ZUpdateLink>;

/** A person who opened the update, and when they first did (staff see these: "Seen by … at …"). */
export const ZReadReceipt = Type.Object({ name: Type.String(), role: Type.String(), at: Type.String() });
export type TReadReceipt = Static<typeof ZReadReceipt>;

export const ZUpdateSummary = Type.Object({
  id: ZId,
  kind: ZUpdateKind,
  title: Type.String(),
  /** The latest version's first words, as plain text. */
  excerpt: Type.String(),
  account: Type.Object({ id: ZId, name: Type.String() }),
  postedBy: ZPersonRef,
  postedAt: Type.String(),
  /** When the latest version was posted. */
  updatedAt: Type.String(),
  latestVersion: Type.Integer(),
  /** Drafts only (null for a work update). */
  draftStatus: Type.Union([ZDraftStatus, Type.Null()]),
  /** Has the person asking opened it? */
  read: Type.Boolean(),
  fileCount: Type.Integer(),
  deliverableCount: Type.Integer(),
  link: Type.Union([ZUpdateLink, Type.Null()]),
  /** Staff only (empty for a client): who opened it, first time each. */
  seenBy: Type.Array(ZReadReceipt),
});
export type TUpdateSummary = Static<typeof ZUpdateSummary>;

export const ZUpdateListQuery = Type.Object({
  accountId: Type.Optional(ZId),
  kind: Type.Optional(ZUpdateKind),
  page: Type.Optional(ZPage),
});
export type TUpdateListQuery = Static<typeof ZUpdateListQuery>;
export const ZUpdateList = Type.Object({
  data: Type.Array(ZUpdateSummary),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
});
export type TUpdateList = Static<typeof ZUpdateList>;

export const ZVersionDecision = Type.Object({
  decision: Type.Union([Type.Literal("approved"), Type.Literal("edits_requested")]),
  comment: Type.String(),
  decidedBy: ZPersonRef,
  decidedAt: Type.String(),
});
export type TVersionDecision = Static<typeof ZVersionDecision>;

export const ZUpdateVersion = Type.Object({
  version: Type.Integer(),
  body: Type.String(),
  postedBy: ZPersonRef,
  postedAt: Type.String(),
  files: Type.Array(ZFile),
  /** The files of this version marked as final deliverables: which deliverable and which of its versions. */
  deliverables: Type.Array(Type.Object({ fileId: ZId, deliverableId: ZId, name: Type.String(), version: Type.Integer() })),
  /** Drafts: the client's decision on this version, if any. */
  decision: Type.Union([ZVersionDecision, Type.Null()]),
});
export type TUpdateVersion = Static<typeof ZUpdateVersion>;

export const ZUpdateDetail = Type.Object({
  data: Type.Object({
    update: ZUpdateSummary,
    /** Oldest first. */
    versions: Type.Array(ZUpdateVersion),
  }),
  policies: Type.Object({
    /** The client may approve or request edits on the latest version now. */
    decide: Type.Boolean(),
    /** Staff may post the next version (drafts). */
    postVersion: Type.Boolean(),
  }),
});
export type TUpdateDetail = Static<typeof ZUpdateDetail>;

/**
 * A file of the version marked as a final deliverable: a new deliverable named `name` (the file's
 * name when absent), or the next version of `deliverableId`, an existing deliverable of the account.
 */
export const ZFinalFile = Type.Object({
  fileId: ZId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_DELIVERABLE_NAME })),
  deliverableId: Type.Optional(ZId),
});
export type TFinalFile = Static<typeof ZFinalFile>;

const versionFields = {
  body: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "Formatted text (Markdown)" }),
  fileIds: ZFileIds,
  deliverables: Type.Optional(Type.Array(ZFinalFile, { maxItems: MAX_FILE_IDS })),
};

export const ZCreateUpdateRequest = Type.Object({
  kind: ZUpdateKind,
  title: Type.String({ minLength: 1, maxLength: MAX_UPDATE_TITLE }),
  ...versionFields,
  ticketId: Type.Optional(ZId),
  taskId: Type.Optional(ZId),
});
export type TCreateUpdateRequest = Static<typeof ZCreateUpdateRequest>;

export const ZPostVersionRequest = Type.Object(versionFields);
export type TPostVersionRequest = Static<typeof ZPostVersionRequest>;

export const ZDecisionRequest = Type.Object({
  decision: ZDecisionChoice,
  /** Required to request edits: what should change. */
  comment: Type.Optional(Type.String({ maxLength: MAX_COMMENT_LENGTH })),
});
export type TDecisionRequest = Static<typeof ZDecisionRequest>;

export const ZDeliverableVersion = Type.Object({
  version: Type.Integer(),
  file: ZFile,
  createdAt: Type.String(),
  /** The update it came from, its version, and the ticket or task that update was about. */
  update: Type.Object({ id: ZId, title: Type.String(), version: Type.Integer() }),
  link: Type.Union([ZUpdateLink, Type.Null()]),
});
export type TDeliverableVersion = Static<typeof ZDeliverableVersion>;

export const ZDeliverable = Type.Object({
  id: ZId,
  name: Type.String(),
  latestVersion: Type.Integer(),
  updatedAt: Type.String(),
  /** Newest first. */
  versions: Type.Array(ZDeliverableVersion),
});
export type TDeliverable = Static<typeof ZDeliverable>;
export const ZDeliverableList = Type.Object({
  data: Type.Array(ZDeliverable),
  account: Type.Object({ id: ZId, name: Type.String() }),
  /** Download all (zip): the latest version of each deliverable. */
  zipUrl: Type.String(),
});
export type TDeliverableList = Static<typeof ZDeliverableList>;
export const ZDeliverableQuery = Type.Object({ accountId: Type.Optional(ZId) });

/** Staff-only notes on a client (internal notes of the conversation primitive). */
export const ZClientNote = Type.Object({
  id: ZId,
  author: Type.Union([ZPersonRef, Type.Null()]),
  createdAt: Type.String(),
  comment: ZComment,
});
export type TClientNote = Static<typeof ZClientNote>;
export const ZClientNoteList = Type.Object({ data: Type.Array(ZClientNote) });
export type TClientNoteList = Static<typeof ZClientNoteList>;
export const ZAddClientNoteRequest = Type.Object({
  body: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "Your note (staff only)" }),
  fileIds: ZFileIds,
});
export type TAddClientNoteRequest = Static<typeof ZAddClientNoteRequest>;
export const ZClientNoteResponse = Type.Object({ data: ZClientNote });
