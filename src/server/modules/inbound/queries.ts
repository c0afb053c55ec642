import type { Executor } from "../../platform/db/database";
import type { InboundMessagesTable } from "../../platform/db/schema";
import { joinablePeople } from "../accounts/queries";

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

/** The log rows with the name of the admin who acted on each (for "Discarded by …"). */
function withResolver(db: Executor) {
  return db
    .selectFrom("inbound_messages")
    .leftJoin(joinablePeople(db).as("resolver"), "resolver.id", "inbound_messages.resolved_by")
    .selectAll("inbound_messages")
    .select(["resolver.name as resolver_name", "resolver.role as resolver_role"]);
}
export type InboundRow = NonNullable<Awaited<ReturnType<typeof findInboundWithResolver>>>;

export function findInboundWithResolver(db: Executor, id: string) {
  return withResolver(db).where("inbound_messages.id", "=", id).executeTakeFirst();
}

export async function listInbound(db: Executor, filter: { status?: InboundMessagesTable["status"]; page: number }) {
  let count = db.selectFrom("inbound_messages");
  if (filter.status) count = count.where("status", "=", filter.status);
  const total = await count.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  let query = withResolver(db);
  if (filter.status) query = query.where("inbound_messages.status", "=", filter.status);
  const rows = await query
    .orderBy("inbound_messages.id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

/**
 * Marks a quarantined message as acted on, in the action's transaction: true when this call did
 * it. The status condition decides between two admins acting at once (or one acting twice):
 * the second finds nothing quarantined and is refused, on both databases.
 */
export async function resolveQuarantined(
  tx: Executor,
  id: string,
  patch: Required<Pick<InboundMessagesTable, "status" | "object_type" | "object_id" | "resolution" | "resolved_by" | "resolved_at">>,
): Promise<boolean> {
  const result = await tx
    .updateTable("inbound_messages")
    .set(patch)
    .where("id", "=", id)
    .where("status", "=", "quarantined")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
