import type { Updateable } from "kysely";
import type {
  TAddMessageRequest,
  TCreateTicketRequest,
  TTicketDetail,
  TTicketList,
  TTicketListQuery,
  TTicketSummary,
  TUpdateTicketRequest,
} from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { nextNumber } from "../../platform/counters";
import type { Executor } from "../../platform/db/database";
import type { TicketStatus, TicketsTable } from "../../platform/db/schema";
import { AppError, assertAllowed, forbidden, notFound, validation } from "../../platform/errors";
import { objectEvents, recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { decodeCursor } from "../../platform/lists";
import { canSeeAccount } from "../../platform/policy";
import { findUserById } from "../accounts/queries";
import { agentShareOfAccounts } from "../clients/queries";
import { attachFiles, attachSystemFile, filesFor } from "../files/service";
import { categories } from "./catalog";
import { ticketDecisions, ticketPolicy } from "./policy";
import { presentTicket, presentTimeline } from "./presenters";
import * as q from "./queries";

type Ticket = q.TicketWithNames;

/** Every ticket event carries what notifications and the timeline need, and whether it is internal. */
function basePayload(ticket: Pick<Ticket, "number" | "subject" | "assignee_id">, internal = false) {
  return { number: Number(ticket.number), subject: ticket.subject, assigneeId: ticket.assignee_id, internal };
}

async function loadVisible(db: Executor, actor: Actor, id: string): Promise<Ticket> {
  const ticket = await q.findVisibleTicket(db, actor, id);
  if (!ticket) throw notFound("Ticket");
  return ticket;
}

async function reload(tx: Executor, actor: Actor, id: string): Promise<TTicketSummary> {
  return presentTicket(await loadVisible(tx, actor, id));
}

/**
 * Raises a ticket (seed: Support Tickets → New Ticket → Submit). A client raises it for their
 * own account; staff name the client account they raise it for.
 */
export async function createTicket(ctx: AppContext, actor: Actor, input: TCreateTicketRequest): Promise<TTicketSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    let accountId: string;
    if (actor.role === "client") {
      if (!actor.accountId) throw forbidden("Your login is not linked to a client account yet. Contact the agency.");
      accountId = actor.accountId;
    } else {
      if (!input.accountId) throw validation("accountId", "Choose the client this ticket is for.");
      if (!(await canSeeAccount(tx, actor, input.accountId))) throw validation("accountId", "That client account was not found.");
      accountId = input.accountId;
    }
    const category = input.categoryId ? await categories.enabled(tx, input.categoryId) : undefined;
    if (input.categoryId && !category) throw validation("categoryId", "Choose one of the listed categories.");
    const id = newId();
    const now = nowIso();
    const number = await nextNumber(tx, "ticket");
    await q.insertTicket(tx, {
      id,
      number,
      account_id: accountId,
      subject: input.subject.trim(),
      description: input.description,
      status: "new",
      priority: input.priority,
      category_id: category?.id ?? null,
      assignee_id: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      last_activity_at: now,
      closed_at: null,
    });
    if (input.fileIds?.length) await attachFiles(tx, actor, input.fileIds, { type: "ticket", id, accountId });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ticket.created",
      objectType: "ticket",
      objectId: id,
      accountId,
      payload: {
        number,
        subject: input.subject.trim(),
        assigneeId: null,
        internal: false,
        priority: input.priority,
        categoryName: category?.name ?? null,
        body: input.description,
      },
    });
    return reload(tx, actor, id);
  });
}

/** The list (client) or queue (staff), newest activity first, keyset-paged. */
export async function listTickets(ctx: AppContext, actor: Actor, query: TTicketListQuery): Promise<TTicketList> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !cursor) throw validation("cursor", "This page link is no longer valid; start from the first page.");
  const scanByActivity = ctx.dialect === "sqlite" && actor.role === "agent" && (await agentShareOfAccounts(ctx.db, actor.id)) > 0.02;
  const { rows, nextCursor } = await q.listTickets(ctx.db, actor, query, cursor, query.limit ?? 25, { scanByActivity });
  return { data: rows.map(presentTicket), nextCursor };
}

/** A ticket page: summary, description, conversation, and what the viewer may do. */
export async function getTicket(ctx: AppContext, actor: Actor, id: string): Promise<TTicketDetail> {
  const ticket = await loadVisible(ctx.db, actor, id);
  const staff = actor.role !== "client";
  const [messages, events] = await Promise.all([q.listMessages(ctx.db, id, staff), objectEvents(ctx.db, "ticket", id)]);
  const [ticketFiles, messageFiles] = await Promise.all([
    filesFor(ctx.db, "ticket", [id]),
    filesFor(
      ctx.db,
      "ticket_message",
      messages.map((m) => m.id),
    ),
  ]);
  return {
    data: {
      ticket: presentTicket(ticket),
      description: ticket.description,
      files: ticketFiles.get(id) ?? [],
      timeline: presentTimeline(actor, messages, events, messageFiles),
    },
    policies: ticketPolicy(actor, ticket),
  };
}

async function writeMessage(
  tx: Executor,
  ticket: Ticket,
  author: { id: string; role: string } | Actor,
  input: { body: string; kind: "reply" | "note"; source: "portal" | "email"; emailMessageId?: string },
) {
  const id = newId();
  const now = nowIso();
  await q.insertMessage(tx, {
    id,
    ticketId: ticket.id,
    accountId: ticket.account_id,
    authorId: author.id,
    kind: input.kind,
    body: input.body,
    source: input.source,
    emailMessageId: input.emailMessageId,
    createdAt: now,
  });
  return { id, now };
}

/**
 * Adds a comment: a public reply (both sides) or an internal note (staff only, never shown,
 * sent, pushed or searchable for the client). The first public staff reply moves a New ticket
 * to Active.
 */
export async function addMessage(ctx: AppContext, actor: Actor, ticketId: string, input: TAddMessageRequest): Promise<TTicketSummary> {
  const kind = input.kind ?? "reply";
  return ctx.db.transaction().execute(async (tx) => {
    const ticket = await loadVisible(tx, actor, ticketId);
    assertAllowed(ticketDecisions(actor, ticket)[kind === "note" ? "note" : "reply"]);
    const { id } = await writeMessage(tx, ticket, actor, { body: input.body, kind, source: "portal" });
    if (input.fileIds?.length) await attachFiles(tx, actor, input.fileIds, { type: "ticket_message", id, accountId: ticket.account_id });
    if (kind === "reply" && actor.role !== "client" && ticket.status === "new") {
      await q.updateTicketRow(tx, ticket.id, { status: "active" });
    }
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ticket.replied",
      objectType: "ticket",
      objectId: ticket.id,
      accountId: ticket.account_id,
      payload: { ...basePayload(ticket, kind === "note"), messageId: id, body: input.body, kind, source: "portal", authorRole: actor.role },
    });
    return reload(tx, actor, ticket.id);
  });
}

async function moveStatus(tx: Executor, actor: { id: string }, ticket: Ticket, to: TicketStatus, extra: Record<string, unknown> = {}) {
  const now = nowIso();
  await q.updateTicketRow(tx, ticket.id, { status: to, updated_at: now, last_activity_at: now, closed_at: to === "closed" ? now : null });
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "ticket.status_changed",
    objectType: "ticket",
    objectId: ticket.id,
    accountId: ticket.account_id,
    payload: { ...basePayload(ticket), from: ticket.status, to, ...extra },
  });
}

/** Closes a ticket, optionally with a closing comment. */
export async function closeTicket(ctx: AppContext, actor: Actor, ticketId: string, input: { body?: string }): Promise<TTicketSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    const ticket = await loadVisible(tx, actor, ticketId);
    assertAllowed(ticketDecisions(actor, ticket).close);
    const body = input.body?.trim();
    const message = body ? await writeMessage(tx, ticket, actor, { body, kind: "reply", source: "portal" }) : undefined;
    await moveStatus(tx, actor, ticket, "closed", message ? { messageId: message.id, comment: body } : {});
    return reload(tx, actor, ticket.id);
  });
}

/** The status a reopened ticket returns to: back in the team's queue. */
const reopenedStatus = (ticket: Pick<Ticket, "assignee_id">): TicketStatus => (ticket.assignee_id ? "active" : "new");

async function reopen(
  tx: Executor,
  author: { id: string; role: string },
  ticket: Ticket,
  body: string,
  source: "portal" | "email",
  emailMessageId?: string,
) {
  const { id: messageId, now } = await writeMessage(tx, ticket, author, { body, kind: "reply", source, emailMessageId });
  const to = reopenedStatus(ticket);
  await q.updateTicketRow(tx, ticket.id, { status: to, updated_at: now, closed_at: null });
  await recordEvent(tx, {
    actorId: author.id,
    verb: "ticket.reopened",
    objectType: "ticket",
    objectId: ticket.id,
    accountId: ticket.account_id,
    payload: { ...basePayload(ticket), from: "closed", to, messageId, body, source, authorRole: author.role },
  });
  return messageId;
}

/**
 * Reopens a closed ticket with a comment saying why (seed: "you may reopen the ticket and add
 * further comments. It will simply slip back into the support ticket process").
 */
export async function reopenTicket(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  input: { body: string; fileIds?: string[] },
): Promise<TTicketSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    const ticket = await loadVisible(tx, actor, ticketId);
    assertAllowed(ticketDecisions(actor, ticket).reopen);
    const messageId = await reopen(tx, actor, ticket, input.body.trim(), "portal");
    if (input.fileIds?.length)
      await attachFiles(tx, actor, input.fileIds, { type: "ticket_message", id: messageId, accountId: ticket.account_id });
    return reload(tx, actor, ticket.id);
  });
}

/** Staff change status, priority, category or assignee; each change is its own event. */
export async function updateTicket(ctx: AppContext, actor: Actor, ticketId: string, patch: TUpdateTicketRequest): Promise<TTicketSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    const ticket = await loadVisible(tx, actor, ticketId);
    assertAllowed(ticketDecisions(actor, ticket).update);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set: Updateable<TicketsTable> = {};
    if (patch.priority && patch.priority !== ticket.priority) {
      changes.priority = { from: ticket.priority, to: patch.priority };
      set.priority = patch.priority;
    }
    if (patch.categoryId !== undefined && patch.categoryId !== ticket.category_id) {
      const category = patch.categoryId ? await categories.enabled(tx, patch.categoryId) : undefined;
      if (patch.categoryId && !category) throw validation("categoryId", "Choose one of the listed categories.");
      changes.category = { from: ticket.category_name, to: category?.name ?? null };
      set.category_id = patch.categoryId;
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assignee_id) {
      let assigneeName: string | null = null;
      if (patch.assigneeId) {
        const assignee = await findUserById(tx, patch.assigneeId);
        const works = assignee && assignee.role !== "client" && assignee.status === "active";
        const staffActor = { id: patch.assigneeId, role: assignee?.role ?? "client" } as Actor;
        if (!works || !(await canSeeAccount(tx, staffActor, ticket.account_id))) {
          throw validation("assigneeId", "Assign the ticket to an agent who works this client's account.");
        }
        assigneeName = assignee.name;
      }
      await q.updateTicketRow(tx, ticket.id, { assignee_id: patch.assigneeId });
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "ticket.assigned",
        objectType: "ticket",
        objectId: ticket.id,
        accountId: ticket.account_id,
        payload: { ...basePayload(ticket), assigneeId: patch.assigneeId, assigneeName, previousAssigneeId: ticket.assignee_id },
      });
    }
    if (Object.keys(set).length > 0) {
      await q.updateTicketRow(tx, ticket.id, { ...set, updated_at: nowIso() });
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "ticket.updated",
        objectType: "ticket",
        objectId: ticket.id,
        accountId: ticket.account_id,
        payload: { ...basePayload(ticket), changes },
      });
    }
    if (patch.status && patch.status !== ticket.status) {
      const fresh = await loadVisible(tx, actor, ticket.id);
      await moveStatus(tx, actor, fresh, patch.status);
    }
    return reload(tx, actor, ticket.id);
  });
}

/**
 * A reply that arrived by email (the inbound module has matched the ticket and checked the
 * sender is a participant). A reply to a closed ticket reopens it.
 */
export async function replyFromEmail(
  ctx: AppContext,
  input: {
    ticketId: string;
    authorId: string;
    body: string;
    emailMessageId: string;
    attachments: { name: string; contentType: string; data: Buffer }[];
  },
): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const author = await findUserById(tx, input.authorId);
    if (author?.status !== "active") throw new AppError("forbidden", "The sender is not an active portal user.");
    const actor: Actor = {
      id: author.id,
      role: author.role,
      status: author.status,
      accountId: author.account_id,
      name: author.name,
      username: author.username,
      email: author.email,
      sessionId: "email",
    };
    const ticket = await loadVisible(tx, actor, input.ticketId);
    let messageId: string;
    if (ticket.status === "closed") {
      messageId = await reopen(tx, actor, ticket, input.body, "email", input.emailMessageId);
    } else {
      messageId = (
        await writeMessage(tx, ticket, actor, { body: input.body, kind: "reply", source: "email", emailMessageId: input.emailMessageId })
      ).id;
      if (actor.role !== "client" && ticket.status === "new") await q.updateTicketRow(tx, ticket.id, { status: "active" });
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "ticket.replied",
        objectType: "ticket",
        objectId: ticket.id,
        accountId: ticket.account_id,
        payload: { ...basePayload(ticket), messageId, body: input.body, kind: "reply", source: "email", authorRole: actor.role },
      });
    }
    for (const file of input.attachments) {
      await attachSystemFile(tx, {
        ...file,
        owner: { type: "ticket_message", id: messageId, accountId: ticket.account_id },
        uploadedBy: actor.id,
      });
    }
  });
}
