import type { Executor } from "../../platform/db/database";
import type { InboundMessagesTable } from "../../platform/db/schema";

export const PAGE_SIZE = 50;

/**
 * Claims a Message-ID: true when this call inserted the row, false when the message was seen
 * before (or is being processed by a concurrent delivery). The unique index decides, on both
 * databases.
 */
export async function claimMessage(db: Executor, row: InboundMessagesTable): Promise<boolean> {
  const result = await db
    .insertInto("inbound_messages")
    .values(row)
    .onConflict((oc) => oc.column("message_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findByMessageId(db: Executor, messageId: string) {
  return db.selectFrom("inbound_messages").selectAll().where("message_id", "=", messageId).executeTakeFirst();
}

export function findInbound(db: Executor, id: string) {
  return db.selectFrom("inbound_messages").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function settleInbound(
  db: Executor,
  id: string,
  patch: Pick<InboundMessagesTable, "status" | "reason" | "object_type" | "object_id">,
): Promise<void> {
  await db.updateTable("inbound_messages").set(patch).where("id", "=", id).execute();
}

export async function releaseInbound(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("inbound_messages").where("id", "=", id).execute();
}

export async function listInbound(db: Executor, filter: { status?: InboundMessagesTable["status"]; page: number }) {
  let query = db.selectFrom("inbound_messages");
  if (filter.status) query = query.where("status", "=", filter.status);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy("id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}
