import { type Insertable, sql, type Updateable } from "kysely";
import { numberOfWholeReference } from "../../../common/references";
import type { TTicketListQuery } from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { CannedRepliesTable, MessageKind, TicketsTable } from "../../platform/db/schema";
import { type Cursor, containsPattern, encodeCursor } from "../../platform/lists";
import { accountScope, accountScopeRaw } from "../../platform/policy";
import { getSettings } from "../../platform/settings";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";
import { commentBodyMatches } from "../conversations/queries";
import type { ReplyRef } from "../inbound/service";

/*
 * The tickets module owns `tickets`, `ticket_categories` (through the shared catalog) and
 * `canned_replies`; its conversation lives in the conversations module's `comments`. Names of
 * people and accounts come from the accounts and clients modules' joinable sources.
 */

/** A ticket row joined with the names the list and page show. */
function ticketsWithNames(db: Executor) {
  return db
    .selectFrom("tickets")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "tickets.account_id")
    .innerJoin(joinablePeople(db).as("creator"), "creator.id", "tickets.created_by")
    .leftJoin(joinablePeople(db).as("assignee"), "assignee.id", "tickets.assignee_id")
    .leftJoin("ticket_categories", "ticket_categories.id", "tickets.category_id")
    .selectAll("tickets")
    .select([
      "client_accounts.name as account_name",
      "creator.name as creator_name",
      "creator.role as creator_role",
      "assignee.name as assignee_name",
      "assignee.role as assignee_role",
      "ticket_categories.name as category_name",
    ]);
}
export type TicketWithNames = Awaited<ReturnType<ReturnType<typeof ticketsWithNames>["executeTakeFirstOrThrow"]>>;

/** One ticket inside the actor's tenant scope; undefined (→ 404) outside it. */
export function findVisibleTicket(db: Executor, actor: Actor, id: string): Promise<TicketWithNames | undefined> {
  return ticketsWithNames(db).where("tickets.id", "=", id).where(accountScope(actor, "tickets.account_id")).executeTakeFirst();
}

export function findTicketRow(db: Executor, id: string) {
  return db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Stores a new ticket. */
export async function insertTicket(tx: Executor, row: Insertable<TicketsTable>): Promise<void> {
  await tx.insertInto("tickets").values(row).execute();
}

/** Changes columns of one ticket (status, assignee, priority, category, times). */
export async function updateTicketRow(tx: Executor, id: string, patch: Updateable<TicketsTable>): Promise<void> {
  await tx.updateTable("tickets").set(patch).where("id", "=", id).execute();
}

/** How the ticket list is read: `scanByActivity` picks SQLite's plan for an agent of many accounts. */
export interface TicketListOptions {
  scanByActivity?: boolean;
  /** The admin's ticket prefix ("SUP"): a search for "SUP-1042" finds ticket 1042 (as "1042" and "#1042" do). */
  ticketPrefix?: string;
}

/**
 * The ticket list and the agency queue, built but not run (`scripts/sql-snapshots.ts` compiles
 * it): tenant scope first, then filters, then keyset paging on (last_activity_at, id) — or id
 * for "newest created" — so page 400 costs what page 1 does. One row past `limit` says whether
 * there is a next page. Text search never looks into internal notes for a client.
 */
export function ticketListQuery(
  db: Executor,
  actor: Actor,
  query: TTicketListQuery,
  cursor: Cursor | undefined,
  limit: number,
  options: TicketListOptions = {},
) {
  const byCreated = query.sort === "created";
  // SQLite's planner, given `account_id IN (…many…)`, reads every ticket of those accounts and
  // sorts them. When the accounts are a sizeable share of all tickets, walking the activity
  // index newest-first and skipping other accounts' rows finds a page far sooner; the unary +
  // (SQLite-only syntax) keeps the planner off the account index.
  const scopeColumn = options.scanByActivity && !query.accountId ? "+tickets.account_id" : "tickets.account_id";
  let q = ticketsWithNames(db).where(scopeColumn.startsWith("+") ? accountScopeRaw(actor, scopeColumn) : accountScope(actor, scopeColumn));
  if (query.status) q = q.where("tickets.status", "=", query.status);
  if (query.priority) q = q.where("tickets.priority", "=", query.priority);
  if (query.categoryId) q = q.where("tickets.category_id", "=", query.categoryId);
  if (query.accountId) q = q.where("tickets.account_id", "=", query.accountId);
  if (query.unassigned) q = q.where("tickets.assignee_id", "is", null);
  else if (query.assigneeId) q = q.where("tickets.assignee_id", "=", query.assigneeId);
  const text = query.q?.trim();
  if (text) {
    // "1042", "#1042" and "SUP-1042" (the whole search) all name ticket 1042.
    const plain = text.match(/^#?(\d{1,9})$/)?.[1];
    const number = plain !== undefined ? Number(plain) : options.ticketPrefix ? numberOfWholeReference(options.ticketPrefix, text) : null;
    const like = containsPattern(text);
    const staff = actor.role !== "client";
    q = q.where((eb) =>
      eb.or([
        ...(number !== null ? [eb("tickets.number", "=", number)] : []),
        eb(eb.fn("lower", ["tickets.subject"]), "like", sql<string>`${like} escape '\\'`),
        eb(eb.fn("lower", ["tickets.description"]), "like", sql<string>`${like} escape '\\'`),
        // Why: internal notes are staff-only, in search results too.
        commentBodyMatches("ticket", "tickets.id", like, staff),
      ]),
    );
  }
  if (cursor) {
    q = byCreated
      ? q.where("tickets.id", "<", cursor.id)
      : q.where((eb) =>
          eb.or([
            eb("tickets.last_activity_at", "<", cursor.t),
            eb.and([eb("tickets.last_activity_at", "=", cursor.t), eb("tickets.id", "<", cursor.id)]),
          ]),
        );
  }
  q = byCreated ? q.orderBy("tickets.id", "desc") : q.orderBy("tickets.last_activity_at", "desc").orderBy("tickets.id", "desc");
  return q.limit(limit + 1);
}

/** One page of the ticket list (see `ticketListQuery`) and the cursor of the next, if any. */
export async function listTickets(
  db: Executor,
  actor: Actor,
  query: TTicketListQuery,
  cursor: Cursor | undefined,
  limit: number,
  options: TicketListOptions = {},
) {
  // Read only when searching: the reference's prefix is the admin's setting.
  const ticketPrefix = query.q?.trim() ? (await getSettings(db)).ticketPrefix : undefined;
  const rows = await ticketListQuery(db, actor, query, cursor, limit, { ticketPrefix, ...options }).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ t: last.last_activity_at, id: last.id }) : null;
  return { rows: page, nextCursor };
}

/** A comment was written on the ticket at `at`: activity moves on; a public reply counts (notes don't). */
export async function countMessage(tx: Executor, ticketId: string, at: string, kind: MessageKind): Promise<void> {
  await tx
    .updateTable("tickets")
    .set({
      last_activity_at: at,
      updated_at: at,
      // Clients see the public count; internal notes don't count.
      ...(kind === "reply" ? { message_count: sql`message_count + 1` } : {}),
    })
    .where("id", "=", ticketId)
    .execute();
}

export function ticketById(db: Executor, id: string): Promise<ReplyRef | undefined> {
  return db.selectFrom("tickets").select(["id", "number", "account_id"]).where("id", "=", id).executeTakeFirst();
}

export function ticketByNumber(db: Executor, number: number): Promise<ReplyRef | undefined> {
  return db.selectFrom("tickets").select(["id", "number", "account_id"]).where("number", "=", number).executeTakeFirst();
}

// Canned replies ---------------------------------------------------------------------------------

/** Every canned reply, by title. */
export function cannedReplyRows(db: Executor) {
  return db.selectFrom("canned_replies").selectAll().orderBy("title").execute();
}

/** One canned reply, or undefined. */
export function findCannedReply(db: Executor, id: string) {
  return db.selectFrom("canned_replies").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Stores a new canned reply. */
export async function insertCannedReply(db: Executor, row: CannedRepliesTable): Promise<void> {
  await db.insertInto("canned_replies").values(row).execute();
}

/** Changes a canned reply's title and body. */
export async function updateCannedReplyRow(
  db: Executor,
  id: string,
  patch: Pick<CannedRepliesTable, "title" | "body" | "updated_at">,
): Promise<void> {
  await db.updateTable("canned_replies").set(patch).where("id", "=", id).execute();
}

/** Deletes a canned reply. */
export async function deleteCannedReplyRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("canned_replies").where("id", "=", id).execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountTickets(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.tickets = Number(
    (await tx.updateTable("tickets").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  return moved;
}

/** NEW tickets (no answer yet) in the actor's scope with their account's name, oldest first. */
export function newTickets(db: Executor, actor: Actor, limit: number) {
  return db
    .selectFrom("tickets")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "tickets.account_id")
    .where(accountScope(actor, "tickets.account_id"))
    .where("tickets.status", "=", "new")
    .select(["tickets.id", "tickets.subject", "tickets.created_at", "client_accounts.id as account_id", "client_accounts.name"])
    .orderBy("tickets.created_at")
    .limit(limit)
    .execute();
}
