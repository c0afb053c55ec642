import type { Executor } from "../../platform/db/database";
import type { FilesTable } from "../../platform/db/schema";

/*
 * The files module owns `files`. Other modules attach, list and name files only through the
 * files service and the functions here.
 */

/** Stores one file's row (an upload waiting to be attached, or a file already on its owner). */
export async function insertFile(db: Executor, row: FilesTable): Promise<void> {
  await db.insertInto("files").values(row).execute();
}

/** Of these ids, the ones that are this person's own uploads not yet attached to anything. */
export function pendingUploadsOf(db: Executor, uploadedBy: string, ids: string[]) {
  return db
    .selectFrom("files")
    .select(["id", "content_type"])
    .where("id", "in", ids)
    .where("uploaded_by", "=", uploadedBy)
    .where("owner_type", "is", null)
    .execute();
}

/** Attaches this person's pending uploads to an owner; says how many rows it attached. */
export async function attachPendingUploads(
  db: Executor,
  uploadedBy: string,
  ids: string[],
  owner: Pick<FilesTable, "owner_type" | "owner_id" | "account_id">,
): Promise<number> {
  const result = await db
    .updateTable("files")
    .set(owner)
    .where("id", "in", ids)
    .where("uploaded_by", "=", uploadedBy)
    .where("owner_type", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The files of many owners of one type, oldest first. */
export function filesOfOwners(db: Executor, ownerType: string, ownerIds: string[]) {
  return db
    .selectFrom("files")
    .select(["id", "name", "content_type", "size", "owner_id"])
    .where("owner_type", "=", ownerType)
    .where("owner_id", "in", ownerIds)
    .orderBy("id")
    .execute();
}

/** The names of the files on any of these owners, oldest first across all of them. */
export async function fileNamesOf(db: Executor, owners: { type: string; ids: string[] }[]): Promise<string[]> {
  const asked = owners.filter((owner) => owner.ids.length > 0);
  if (asked.length === 0) return [];
  const rows = await db
    .selectFrom("files")
    .select("name")
    .where((eb) => eb.or(asked.map((owner) => eb.and([eb("owner_type", "=", owner.type), eb("owner_id", "in", owner.ids)]))))
    .orderBy("id")
    .execute();
  return rows.map((row) => row.name);
}

/** One file's row, or undefined. */
export function findFile(db: Executor, id: string) {
  return db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountFiles(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.files = Number(
    (await tx.updateTable("files").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  return moved;
}
