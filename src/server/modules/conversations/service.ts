import type { TComment, TCommentKind, TCommentSource, TFile } from "../../../common/conversations";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import { newId, nowIso } from "../../platform/ids";
import { attachFiles, attachSystemFile, filesFor } from "../files/service";
import { COMMENT_FILE_OWNER, type CommentRow, insertComment, listComments } from "./queries";

/**
 * One conversation primitive for comments on any object: a ticket's replies and notes, a
 * task's comments and notes, and next an agent's updates and drafts. The owning module checks
 * its own rules (may this person comment now?), counts, and records its event; this writes the
 * comment with its files and reads the conversation back, leaving notes out for clients.
 */

/** The object a comment is on. */
export interface CommentedObject {
  type: string;
  id: string;
  accountId: string;
}

/** A file that came with an email (stored as the author's upload). */
export interface EmailAttachment {
  name: string;
  contentType: string;
  data: Buffer;
}

export type NewComment = {
  kind: TCommentKind;
  body: string;
} & (
  | { source: "portal" /** uploads the author made with POST /api/files */; fileIds?: string[] }
  | { source: "email"; emailMessageId: string; attachments: EmailAttachment[] }
);

/** What was written: the comment's id and time, and how many files it carries. */
export interface WrittenComment {
  id: string;
  createdAt: string;
  fileCount: number;
}

/** Writes a comment on `object` by `author` and attaches its files, in the caller's transaction. */
export async function writeComment(tx: Executor, object: CommentedObject, author: Actor, input: NewComment): Promise<WrittenComment> {
  const id = newId();
  const createdAt = nowIso();
  await insertComment(tx, {
    id,
    object_type: object.type,
    object_id: object.id,
    account_id: object.accountId,
    author_id: author.id,
    kind: input.kind,
    body: input.body,
    source: input.source,
    email_message_id: input.source === "email" ? input.emailMessageId : null,
    created_at: createdAt,
  });
  const owner = { type: COMMENT_FILE_OWNER, id, accountId: object.accountId };
  let fileCount = 0;
  if (input.source === "portal") {
    const fileIds = [...new Set(input.fileIds ?? [])];
    if (fileIds.length) await attachFiles(tx, author, fileIds, owner);
    fileCount = fileIds.length;
  } else {
    for (const file of input.attachments) await attachSystemFile(tx, { ...file, owner, uploadedBy: author.id });
    fileCount = input.attachments.length;
  }
  return { id, createdAt, fileCount };
}

/** An object's conversation as `viewer` may see it (a client never receives internal notes), with each comment's files. */
export async function readConversation(
  db: Executor,
  viewer: Actor,
  object: { type: string; id: string },
): Promise<{ comments: CommentRow[]; files: Map<string, TFile[]> }> {
  const comments = await listComments(db, object.type, object.id, viewer.role !== "client");
  const files = await filesFor(
    db,
    COMMENT_FILE_OWNER,
    comments.map((c) => c.id),
  );
  return { comments, files };
}

/** One comment as a conversation shows it. */
export function presentComment(row: CommentRow, files: Map<string, TFile[]>): TComment {
  return { kind: row.kind, body: row.body, source: row.source as TCommentSource, files: files.get(row.id) ?? [] };
}
