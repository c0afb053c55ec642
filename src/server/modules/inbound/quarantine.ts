import type { TAddSenderAsContactRequest, TCreateTicketFromInboundRequest, TInboundMessage, TInboundStatus } from "../../../common/inbound";
import { type Actor, actorFromUser } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Tx } from "../../platform/db/database";
import type { InboundMessagesTable } from "../../platform/db/schema";
import { conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { nowIso } from "../../platform/ids";
import { readAll } from "../../platform/storage";
import { inviteUserIn } from "../accounts/invitations";
import { findActiveUserByEmail, findUserById } from "../accounts/queries";
import { findClientAccount } from "../clients/service";
import { raiseTicketIn } from "../tickets/service";
import { type InboundEmail, parseEmail } from "./parse";
import { findInbound, findInboundWithResolver, type InboundRow, resolveQuarantined } from "./queries";
import { inboundObject, threadOfRow, ticketBodyOf, ticketSubjectOf } from "./service";
import { postable } from "./upload-limits";

/*
 * Quarantine is not a dead end. An admin looks at a quarantined email and either
 *  - creates a ticket from it in the client account they pick (raised by them on its behalf,
 *    the sender's address stated at the top),
 *  - adds the sender as a contact of that account (invited, as Users → Invite does) and posts
 *    the message as them: into the ticket or task it named, else as a new ticket,
 *  - or discards it.
 * Each is one transaction that records an event (who, what, the resulting object) and marks
 * the log row resolved or discarded with who and when; only a quarantined message can be acted
 * on, so a second action (or a second admin) is refused with 409 and changes nothing.
 */

const DONE: Record<Exclude<TInboundStatus, "quarantined">, string> = {
  attached: "was already posted when it arrived",
  resolved: "has already been posted from the quarantine",
  discarded: "has already been discarded",
};
const notQuarantined = (status: TInboundStatus) =>
  conflict(
    `This email ${status === "quarantined" ? "is being handled by someone else" : DONE[status]}; only a quarantined email can be acted on.`,
  );

async function loadQuarantined(ctx: AppContext, id: string) {
  const row = await findInbound(ctx.db, id);
  if (!row) throw notFound("That inbound email");
  if (row.status !== "quarantined") throw notQuarantined(row.status);
  return row;
}

/** The message as it arrived, parsed again (the log keeps only its raw bytes). */
async function readMessage(ctx: AppContext, row: InboundMessagesTable): Promise<InboundEmail> {
  if (!row.storage_key) throw conflict("The original of this email was not kept, so it cannot be posted; discard it instead.");
  const email = await parseEmail(await readAll(await ctx.storage.get(row.storage_key)));
  if (email.malformed) throw conflict(`This email cannot be read (${email.malformed}), so it cannot be posted; discard it instead.`);
  return email;
}

/** Marks the row acted on in the action's transaction; someone else got there first: 409, and the transaction rolls back. */
async function markResolved(
  tx: Tx,
  row: Pick<InboundMessagesTable, "id">,
  actor: Actor,
  patch: Pick<InboundMessagesTable, "object_type" | "object_id"> & { status: "resolved" | "discarded"; resolution: TResolution },
): Promise<void> {
  const done = await resolveQuarantined(tx, row.id, { ...patch, resolved_by: actor.id, resolved_at: nowIso() });
  if (!done) {
    const now = await findInbound(tx, row.id);
    throw notQuarantined(now?.status ?? "quarantined");
  }
}
type TResolution = NonNullable<InboundMessagesTable["resolution"]>;

/** Client accounts are checked first: an admin may name any, but only one that exists. */
async function requireAccount(tx: Tx, accountId: string): Promise<void> {
  if (!(await findClientAccount(tx, accountId))) throw validation("accountId", "That client account does not exist.");
}

/** A log row as the admin's inbound page shows it. */
export function presentInbound(row: InboundRow): TInboundMessage {
  return {
    id: row.id,
    from: row.from_address,
    subject: row.subject,
    status: row.status,
    reason: row.reason,
    ...inboundObject(row),
    hasRaw: row.storage_key !== null,
    resolution:
      row.resolution && row.resolved_at
        ? {
            action: row.resolution,
            by:
              row.resolved_by && row.resolver_name
                ? { id: row.resolved_by, name: row.resolver_name, role: row.resolver_role ?? "admin" }
                : null,
            at: row.resolved_at,
          }
        : null,
    createdAt: row.created_at,
  };
}

async function presentById(ctx: AppContext, id: string): Promise<TInboundMessage> {
  const row = await findInboundWithResolver(ctx.db, id);
  if (!row) throw notFound("That inbound email");
  return presentInbound(row);
}

/**
 * Create ticket for…: a new ticket in the chosen account from the quarantined message, raised by
 * the admin on the account's behalf, with the sender's address at the top and the message's
 * files. When the sender is an active contact of that very account they are its requester (and
 * get the acknowledgement); anyone else is only named.
 */
export async function createTicketFromQuarantine(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: TCreateTicketFromInboundRequest,
): Promise<TInboundMessage> {
  const row = await loadQuarantined(ctx, id);
  const email = await readMessage(ctx, row);
  const { attachments, body } = postable(
    ctx.config,
    email.attachments,
    (files) => `Sent by email from ${email.from || "an unknown sender"}.\n\n${ticketBodyOf({ body: email.body, attachments: files })}`,
  );
  await ctx.db.transaction().execute(async (tx) => {
    await requireAccount(tx, input.accountId);
    const sender = await findActiveUserByEmail(tx, email.from);
    // Why the account check: an address is only this account's requester if it is one of its own contacts.
    const requester = sender?.role === "client" && sender.account_id === input.accountId ? sender : undefined;
    const ticket = await raiseTicketIn(
      ctx,
      tx,
      actor,
      {
        subject: ticketSubjectOf(email.subject, email.from || "an unknown sender"),
        description: body,
        priority: "normal",
        accountId: input.accountId,
      },
      { attachments, requester, emailMessageId: requester ? email.messageId : undefined },
    );
    await markResolved(tx, row, actor, { status: "resolved", resolution: "ticket_created", object_type: "ticket", object_id: ticket.id });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "inbound.ticket_created",
      objectType: "email",
      objectId: row.id,
      accountId: ticket.accountId,
      payload: { from: row.from_address, subject: row.subject, ticketId: ticket.id, number: ticket.number },
    });
  });
  ctx.jobs.nudge();
  return presentById(ctx, id);
}

/**
 * Add sender as contact and post: the sender becomes a client contact of the chosen account
 * (invited by email to set a password, exactly as Users → Invite), then the message is posted as
 * them — into the ticket or task it named when that belongs to this account, else as a new
 * ticket there (acknowledged to them).
 */
export async function addSenderAsContact(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: TAddSenderAsContactRequest,
): Promise<TInboundMessage> {
  const row = await loadQuarantined(ctx, id);
  const email = await readMessage(ctx, row);
  if (!email.from) throw conflict("This email has no sender address to add as a contact; use Create ticket for… instead.");
  const { attachments, body } = postable(ctx.config, email.attachments, (files) => ticketBodyOf({ body: email.body, attachments: files }));
  await ctx.db.transaction().execute(async (tx) => {
    await requireAccount(tx, input.accountId);
    const thread = await threadOfRow(tx, row);
    // Why: a message about another account's ticket must never be posted into it by adding its sender here.
    if (thread && thread.ref.account_id !== input.accountId) {
      throw validation(
        "accountId",
        `This email is about a ${thread.target.type} of another client account; choose that account, or use Create ticket for… instead.`,
      );
    }
    const invited = await inviteUserIn(ctx, tx, actor, {
      email: email.from,
      name: input.name.trim(),
      role: "client",
      accountId: input.accountId,
    });
    const user = await findUserById(tx, invited.id);
    if (!user) throw notFound("User");
    const author = actorFromUser(user, "email");
    let postedTo: { type: string; id: string };
    if (thread) {
      const reply = { body, emailMessageId: email.messageId, attachments };
      await thread.target.post(tx, thread.ref, author, reply);
      postedTo = { type: thread.target.type, id: thread.ref.id };
    } else {
      const request = {
        subject: ticketSubjectOf(email.subject, author.name),
        description: body,
        priority: "normal" as const,
      };
      const ticket = await raiseTicketIn(ctx, tx, author, request, { attachments, emailMessageId: email.messageId });
      postedTo = { type: "ticket", id: ticket.id };
    }
    await markResolved(tx, row, actor, {
      status: "resolved",
      resolution: "contact_added",
      object_type: postedTo.type,
      object_id: postedTo.id,
    });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "inbound.contact_added",
      objectType: "email",
      objectId: row.id,
      accountId: input.accountId,
      payload: { from: row.from_address, subject: row.subject, contactId: user.id, name: user.name, email: user.email, postedTo },
    });
  });
  ctx.jobs.nudge();
  return presentById(ctx, id);
}

/** Discard: nothing is posted; the message (and its original) stay in the log as discarded. */
export async function discardQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<TInboundMessage> {
  const row = await loadQuarantined(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    await markResolved(tx, row, actor, {
      status: "discarded",
      resolution: "discarded",
      object_type: row.object_type,
      object_id: row.object_id,
    });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "inbound.discarded",
      objectType: "email",
      objectId: row.id,
      payload: { from: row.from_address, subject: row.subject },
    });
  });
  return presentById(ctx, id);
}
