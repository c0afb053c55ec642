import { sql } from "kysely";
import type { TTicketListQuery } from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { MessageKind } from "../../platform/db/schema";
import { type Cursor, containsPattern, encodeCursor } from "../../platform/lists";
import { accountScope, accountScopeRaw } from "../../platform/policy";

/** A ticket row joined with the names the list and page show. */
function ticketsWithNames(db: Executor) {
  return db
    .selectFrom("tickets")
    .innerJoin("client_accounts", "client_accounts.id", "tickets.account_id")
    .innerJoin("users as creator", "creator.id", "tickets.created_by")
    .leftJoin("users as assignee", "assignee.id", "tickets.assignee_id")
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

/**
 * The ticket list and the agency queue: tenant scope first, then filters, then keyset paging on
 * (last_activity_at, id) — or id for "newest created" — so page 400 costs what page 1 does.
 * Text search never looks into internal notes for a client.
 */
export async function listTickets(
  db: Executor,
  actor: Actor,
  query: TTicketListQuery,
  cursor: Cursor | undefined,
  limit: number,
  options: { scanByActivity?: boolean } = {},
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
    const number = text.match(/^#?(\d{1,9})$/)?.[1];
    const like = containsPattern(text);
    const staff = actor.role !== "client";
    q = q.where((eb) =>
      eb.or([
        ...(number ? [eb("tickets.number", "=", Number(number))] : []),
        eb(eb.fn("lower", ["tickets.subject"]), "like", sql<string>`${like} escape '\\'`),
        eb(eb.fn("lower", ["tickets.description"]), "like", sql<string>`${like} escape '\\'`),
        eb.exists(
          eb
            .selectFrom("ticket_messages")
            .select(sql`1`.as("one"))
            .whereRef("ticket_messages.ticket_id", "=", "tickets.id")
            // Why: internal notes are staff-only, in search results too.
            .$if(!staff, (sq) => sq.where("ticket_messages.kind", "=", "reply"))
            .where(sql<boolean>`lower(ticket_messages.body) like ${like} escape '\\'`),
        ),
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
  const rows = await q.limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ t: last.last_activity_at, id: last.id }) : null;
  return { rows: page, nextCursor };
}

/** The conversation; clients never receive internal notes. */
export function listMessages(db: Executor, ticketId: string, includeNotes: boolean) {
  let q = db
    .selectFrom("ticket_messages")
    .leftJoin("users", "users.id", "ticket_messages.author_id")
    .selectAll("ticket_messages")
    .select(["users.name as author_name", "users.role as author_role"])
    .where("ticket_messages.ticket_id", "=", ticketId);
  if (!includeNotes) q = q.where("ticket_messages.kind", "=", "reply");
  return q.orderBy("ticket_messages.id").execute();
}

export async function insertMessage(
  tx: Executor,
  message: {
    id: string;
    ticketId: string;
    accountId: string;
    authorId: string | null;
    kind: MessageKind;
    body: string;
    source: "portal" | "email";
    emailMessageId?: string | null;
    createdAt: string;
  },
) {
  await tx
    .insertInto("ticket_messages")
    .values({
      id: message.id,
      ticket_id: message.ticketId,
      account_id: message.accountId,
      author_id: message.authorId,
      kind: message.kind,
      body: message.body,
      source: message.source,
      email_message_id: message.emailMessageId ?? null,
      created_at: message.createdAt,
    })
    .execute();
  await tx
    .updateTable("tickets")
    .set({
      last_activity_at: message.createdAt,
      updated_at: message.createdAt,
      // Clients see the public count; internal notes don't count.
      ...(message.kind === "reply" ? { message_count: sql`message_count + 1` } : {}),
    })
    .where("id", "=", message.ticketId)
    .execute();
}

/** How many client accounts an agent works, and how many there are: picks the list's plan. */
export async function agentShareOfAccounts(db: Executor, agentId: string): Promise<number> {
  const [mine, all] = await Promise.all([
    db
      .selectFrom("account_agents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", agentId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("client_accounts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return Number(all.n) === 0 ? 0 : Number(mine.n) / Number(all.n);
}
