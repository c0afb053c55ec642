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
  patch: Pick<InboundMessagesTable, "status" | "reason" | "ticket_id" | "task_id">,
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

/** What matching and authorising a reply need of the ticket or task it names. */
export interface ReplyRef {
  id: string;
  number: number;
  account_id: string;
}

export function ticketById(db: Executor, id: string): Promise<ReplyRef | undefined> {
  return db.selectFrom("tickets").select(["id", "number", "account_id"]).where("id", "=", id).executeTakeFirst();
}

export function ticketByNumber(db: Executor, number: number): Promise<ReplyRef | undefined> {
  return db.selectFrom("tickets").select(["id", "number", "account_id"]).where("number", "=", number).executeTakeFirst();
}

/** The ticket each of these Message-IDs was posted into (as a reply that came by email). */
export async function ticketsForMessageIds(db: Executor, messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("ticket_messages")
    .select(["email_message_id", "ticket_id"])
    .where("email_message_id", "in", messageIds)
    .execute();
  return new Map(rows.map((r) => [r.email_message_id as string, r.ticket_id]));
}

export function taskById(db: Executor, id: string): Promise<ReplyRef | undefined> {
  return db.selectFrom("tasks").select(["id", "number", "account_id"]).where("id", "=", id).executeTakeFirst();
}

export function taskByNumber(db: Executor, number: number): Promise<ReplyRef | undefined> {
  return db.selectFrom("tasks").select(["id", "number", "account_id"]).where("number", "=", number).executeTakeFirst();
}

/** The task each of these Message-IDs was posted into (as a comment that came by email). */
export async function tasksForMessageIds(db: Executor, messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("task_comments")
    .select(["email_message_id", "task_id"])
    .where("email_message_id", "in", messageIds)
    .execute();
  return new Map(rows.map((r) => [r.email_message_id as string, r.task_id]));
}

export function activeUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "role", "status", "account_id", "name", "username", "email"])
    .where("email", "=", email)
    .where("status", "=", "active")
    .executeTakeFirst();
}
