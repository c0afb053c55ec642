import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../../platform/db/database";
import type { CommentsTable, MessageKind } from "../../platform/db/schema";
import { joinablePeople } from "../accounts/queries";

/*
 * The conversations module owns `comments`: every object's replies and internal notes. A module
 * reads its objects' comments only through these functions, naming its object type.
 */

/** The file owner type of every comment's attachments (the module's fileOwners rule hides notes' files). */
export const COMMENT_FILE_OWNER = "comment";

/** An object's comments, oldest first, with their authors' names; internal notes only when asked for. */
export function listComments(db: Executor, objectType: string, objectId: string, includeNotes: boolean) {
  return db
    .selectFrom("comments")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "comments.author_id")
    .selectAll("comments")
    .select(["users.name as author_name", "users.role as author_role"])
    .where("comments.object_type", "=", objectType)
    .where("comments.object_id", "=", objectId)
    .$if(!includeNotes, (q) => q.where("comments.kind", "=", "reply"))
    .orderBy("comments.id")
    .execute();
}
export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

/** The ids of an object's public comments (their files are the object's files a client sees). */
export async function publicCommentIds(db: Executor, objectType: string, objectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("comments")
    .select("id")
    .where("object_type", "=", objectType)
    .where("object_id", "=", objectId)
    .where("kind", "=", "reply")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}

export async function insertComment(tx: Executor, row: CommentsTable): Promise<void> {
  await tx.insertInto("comments").values(row).execute();
}

/** Is this comment an internal note (`note`) or a public reply? (File downloads ask.) */
export async function commentKind(db: Executor, commentId: string): Promise<MessageKind | undefined> {
  const row = await db.selectFrom("comments").select("kind").where("id", "=", commentId).executeTakeFirst();
  return row?.kind;
}

/** The object each of these Message-IDs was posted into (as a comment that came by email). */
export async function objectsForMessageIds(
  db: Executor,
  messageIds: string[],
): Promise<Map<string, { objectType: string; objectId: string }>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("comments")
    .select(["email_message_id", "object_type", "object_id"])
    .where("email_message_id", "in", messageIds)
    .execute();
  return new Map(rows.map((r) => [r.email_message_id as string, { objectType: r.object_type, objectId: r.object_id }]));
}

/**
 * A search condition: the object (`objectIdColumn`, e.g. `tickets.id`) has a comment whose body
 * matches `like` (a `containsPattern`). Correlated, so it reads only the candidate objects'
 * comments through the (object_type, object_id) index. Internal notes match only for staff.
 */
export function commentBodyMatches(objectType: string, objectIdColumn: string, like: string, includeNotes: boolean): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from comments where comments.object_type = ${objectType} and comments.object_id = ${sql.ref(
    objectIdColumn,
  )}${includeNotes ? sql`` : sql` and comments.kind = 'reply'`} and lower(comments.body) like ${like} escape '\\')`;
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountComments(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.comments = Number(
    (await tx.updateTable("comments").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  return moved;
}
