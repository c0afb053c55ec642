/**
 * Conversations: the comments on any object (a ticket, a work request, and next an agent's
 * update or a draft) — public replies and the agency's internal notes, with attachments and
 * whether they came by email. Shared by server and web, so the limits are the same on both.
 */
import { type Static, Type } from "typebox";
import { ZId } from "./schemas";

export const ZFile = Type.Object({
  id: ZId,
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  /** Download link (checks the policy on every request). */
  url: Type.String(),
  isImage: Type.Boolean(),
});
export type TFile = Static<typeof ZFile>;
export const ZFileResponse = Type.Object({ data: ZFile });

/** How many files one comment, ticket or request may carry. */
export const MAX_FILE_IDS = 10;
export const ZFileIds = Type.Optional(
  Type.Array(ZId, { maxItems: MAX_FILE_IDS, description: "Ids of files uploaded with POST /api/files" }),
);

export const ZPersonRef = Type.Object({ id: ZId, name: Type.String(), role: Type.String() });
export type TPersonRef = Static<typeof ZPersonRef>;

/** The longest comment, description or decision text anyone may write. */
export const MAX_COMMENT_LENGTH = 50_000;

/** `reply`: both sides see it. `note`: internal, the agency's staff only — never shown, sent, pushed or found for a client. */
export const COMMENT_KINDS = ["reply", "note"] as const;
export const ZCommentKind = Type.Union([Type.Literal("reply"), Type.Literal("note")], { description: "note = internal, staff only" });
export type TCommentKind = Static<typeof ZCommentKind>;
export const ZCommentSource = Type.Union([Type.Literal("portal"), Type.Literal("email")]);
export type TCommentSource = Static<typeof ZCommentSource>;

/** One comment as a conversation shows it. */
export const ZComment = Type.Object({
  kind: ZCommentKind,
  body: Type.String(),
  source: ZCommentSource,
  files: Type.Array(ZFile),
});
export type TComment = Static<typeof ZComment>;

/** "Add a comment": a public reply unless staff choose an internal note. */
export const ZAddCommentRequest = Type.Object({
  body: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, description: "Your comment" }),
  kind: Type.Optional(ZCommentKind),
  fileIds: ZFileIds,
});
export type TAddCommentRequest = Static<typeof ZAddCommentRequest>;
