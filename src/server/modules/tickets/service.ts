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
import { readBoardVersion } from "../../platform/board-versions";
import type { AppContext } from "../../platform/context";
import { nextNumber } from "../../platform/counters";
import type { Executor } from "../../platform/db/database";
import type { TicketStatus, TicketsTable } from "../../platform/db/schema";
import { assertAllowed, notFound, validation } from "../../platform/errors";
import { objectEvents, recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { decodeCursor } from "../../platform/lists";
import { mayHandleAccount, resolveAccountFor } from "../../platform/policy";
import { ReadCache } from "../../platform/read-cache";
import { findUserById } from "../accounts/queries";
import { agentShareOfAccounts, findAccountRow } from "../clients/queries";
import { type EmailAttachment, type NewComment, readConversation, writeComment } from "../conversations/service";
import { attachFiles, attachSystemFile, filesFor } from "../files/service";
import { acknowledgeTicket, type Requester } from "./acknowledgement";
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

/** Where a new ticket came from beyond the form itself, and who it is for. */
export interface TicketOrigin {
  /** Files that came with an email: stored as the ticket's own files (uploads come as `fileIds`). */
  attachments?: EmailAttachment[];
  /**
   * The client contact the ticket is for, when staff raise it on their behalf: they get the
   * acknowledgement. A client raising their own ticket is its requester.
   */
  requester?: Requester;
  /** The Message-ID of the email the ticket came from: the acknowledgement threads under it. */
  emailMessageId?: string;
}

/**
 * Raises a ticket in the caller's transaction (the portal's form, an email to the support
 * address, an admin's action on a quarantined email): the row, its files, `ticket.created`, and
 * the acknowledgement to its client requester. Returns the new ticket's id.
 */
export async function raiseTicketIn(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  input: TCreateTicketRequest,
  origin: TicketOrigin = {},
): Promise<{ id: string; number: number; accountId: string }> {
  const accountId = await resolveAccountFor(tx, actor, input, "ticket");
  // An admin may name any account, so it must be one that exists (a client's own always does).
  if (actor.role !== "client" && !(await findAccountRow(tx, accountId)))
    throw validation("accountId", "That client account was not found.");
  const category = input.categoryId ? await categories.enabled(tx, input.categoryId) : undefined;
  if (input.categoryId && !category) throw validation("categoryId", "Choose one of the listed categories.");
  const id = newId();
  const now = nowIso();
  const number = await nextNumber(tx, "ticket");
  const subject = input.subject.trim();
  await q.insertTicket(tx, {
    id,
    number,
    account_id: accountId,
    subject,
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
  for (const file of origin.attachments ?? []) {
    await attachSystemFile(tx, { ...file, owner: { type: "ticket", id, accountId }, uploadedBy: actor.id });
  }
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "ticket.created",
    objectType: "ticket",
    objectId: id,
    accountId,
    payload: {
      number,
      subject,
      assigneeId: null,
      internal: false,
      priority: input.priority,
      categoryName: category?.name ?? null,
      body: input.description,
    },
  });
  // Why only a client: staff raising a ticket for themselves need no receipt; for a client they name the requester.
  const requester = actor.role === "client" ? actor : origin.requester;
  await acknowledgeTicket(tx, ctx.config, { id, number, subject }, requester, { inReplyTo: origin.emailMessageId });
  return { id, number, accountId };
}

/**
 * Raises a ticket (seed: Support Tickets → New Ticket → Submit). A client raises it for their
 * own account; staff name the client account they raise it for.
 */
export async function createTicket(ctx: AppContext, actor: Actor, input: TCreateTicketRequest): Promise<TTicketSummary> {
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await raiseTicketIn(ctx, tx, actor, input);
    return reload(tx, actor, id);
  });
}

/**
 * A new ticket from an email to the support address (the inbound module has checked the sender
 * is an active contact of a client account): raised by them in their own account, with the
 * email's files, acknowledged under their email.
 */
export async function ticketFromEmail(
  ctx: AppContext,
  input: { author: Actor; subject: string; body: string; emailMessageId: string; attachments: EmailAttachment[] },
): Promise<{ id: string; number: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const request = { subject: input.subject, description: input.body, priority: "normal" as const };
    return raiseTicketIn(ctx, tx, input.author, request, { attachments: input.attachments, emailMessageId: input.emailMessageId });
  });
}

/**
 * Ticket lists kept per process by whose list it is, the query and the version of the accounts
 * in it (platform/board-versions.ts): every ticket write records an event with the ticket's
 * account in its transaction, which bumps that account's version; names in the rows (people,
 * categories, accounts) change with events that bump it too. A repeat of an unchanged list
 * costs one small query. ~25 rows an entry: a few MB at most.
 */
const lists = new ReadCache<TTicketList>(1_000);

/**
 * Whose list: a client's account (every contact sees the account's tickets), an agent's scope,
 * every account for an admin. Staff's version is their whole scope's, whatever the filter: a
 * change to any account they see makes a new key.
 */
function listViewer(actor: Actor): { key: string; accountId: string | undefined } {
  if (actor.role === "client") return { key: `client:${actor.accountId ?? "-"}`, accountId: actor.accountId ?? undefined };
  return { key: actor.role === "admin" ? "admin" : `agent:${actor.id}`, accountId: undefined };
}

/** The list (client) or queue (staff), newest activity first, keyset-paged. */
export async function listTickets(ctx: AppContext, actor: Actor, query: TTicketListQuery): Promise<TTicketList> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !cursor) throw validation("cursor", "This page link is no longer valid; start from the first page.");
  const viewer = listViewer(actor);
  // Read before the list: a change committed in between puts a fresher list under the older key.
  const version = await readBoardVersion(ctx.db, actor, viewer.accountId);
  return lists.get(`${viewer.key}|${JSON.stringify(query)}|${version}`, async () => {
    const scanByActivity = ctx.dialect === "sqlite" && actor.role === "agent" && (await agentShareOfAccounts(ctx.db, actor.id)) > 0.02;
    const { rows, nextCursor } = await q.listTickets(ctx.db, actor, query, cursor, query.limit ?? 25, { scanByActivity });
    return { data: rows.map(presentTicket), nextCursor };
  });
}

/** A ticket page: summary, description, conversation, and what the viewer may do. */
export async function getTicket(ctx: AppContext, actor: Actor, id: string): Promise<TTicketDetail> {
  const ticket = await loadVisible(ctx.db, actor, id);
  const [conversation, events, ticketFiles] = await Promise.all([
    readConversation(ctx.db, actor, { type: "ticket", id }),
    objectEvents(ctx.db, "ticket", id),
    filesFor(ctx.db, "ticket", [id]),
  ]);
  return {
    data: {
      ticket: presentTicket(ticket),
      description: ticket.description,
      files: ticketFiles.get(id) ?? [],
      timeline: presentTimeline(actor, conversation, events),
    },
    policies: ticketPolicy(actor, ticket),
  };
}

/** A comment on the ticket, through the conversation; the ticket's activity moves on and a public reply counts. */
async function writeMessage(tx: Executor, ticket: Ticket, author: Actor, input: NewComment): Promise<string> {
  const written = await writeComment(tx, { type: "ticket", id: ticket.id, accountId: ticket.account_id }, author, input);
  await q.countMessage(tx, ticket.id, written.createdAt, input.kind);
  return written.id;
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
    const id = await writeMessage(tx, ticket, actor, { body: input.body, kind, source: "portal", fileIds: input.fileIds });
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
    const messageId = body ? await writeMessage(tx, ticket, actor, { body, kind: "reply", source: "portal" }) : undefined;
    await moveStatus(tx, actor, ticket, "closed", messageId ? { messageId, comment: body } : {});
    return reload(tx, actor, ticket.id);
  });
}

/** The status a reopened ticket returns to: back in the team's queue. */
const reopenedStatus = (ticket: Pick<Ticket, "assignee_id">): TicketStatus => (ticket.assignee_id ? "active" : "new");

/** Reopens a closed ticket with the comment that says why (from the portal or by email). */
async function reopen(tx: Executor, author: Actor, ticket: Ticket, comment: NewComment & { kind: "reply" }): Promise<void> {
  const messageId = await writeMessage(tx, ticket, author, comment);
  const to = reopenedStatus(ticket);
  await q.updateTicketRow(tx, ticket.id, { status: to, updated_at: nowIso(), closed_at: null });
  await recordEvent(tx, {
    actorId: author.id,
    verb: "ticket.reopened",
    objectType: "ticket",
    objectId: ticket.id,
    accountId: ticket.account_id,
    payload: { ...basePayload(ticket), from: "closed", to, messageId, body: comment.body, source: comment.source, authorRole: author.role },
  });
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
    await reopen(tx, actor, ticket, { kind: "reply", body: input.body.trim(), source: "portal", fileIds: input.fileIds });
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
        if (!assignee || !(await mayHandleAccount(tx, assignee, ticket.account_id))) {
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
 * sender is an active participant). A reply to a closed ticket reopens it.
 */
export async function replyFromEmail(
  tx: Executor,
  input: { ticketId: string; author: Actor; body: string; emailMessageId: string; attachments: EmailAttachment[] },
): Promise<void> {
  const { author } = input;
  const ticket = await loadVisible(tx, author, input.ticketId);
  const comment = {
    kind: "reply",
    body: input.body,
    source: "email",
    emailMessageId: input.emailMessageId,
    attachments: input.attachments,
  } as const;
  if (ticket.status === "closed") {
    await reopen(tx, author, ticket, comment);
    return;
  }
  const messageId = await writeMessage(tx, ticket, author, comment);
  if (author.role !== "client" && ticket.status === "new") await q.updateTicketRow(tx, ticket.id, { status: "active" });
  await recordEvent(tx, {
    actorId: author.id,
    verb: "ticket.replied",
    objectType: "ticket",
    objectId: ticket.id,
    accountId: ticket.account_id,
    payload: { ...basePayload(ticket), messageId, body: input.body, kind: "reply", source: "email", authorRole: author.role },
  });
}
