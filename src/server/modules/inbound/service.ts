import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { newId, nowIso } from "../../platform/ids";
import { canSeeAccount } from "../../platform/policy";
import { parseReplyAddress } from "../../platform/reply-address";
import { newStorageKey } from "../../platform/storage";
import { replyFromEmail } from "../tickets/service";
import { type InboundEmail, parseEmail } from "./parse";
import {
  activeUserByEmail,
  claimMessage,
  findByMessageId,
  releaseInbound,
  settleInbound,
  type TicketRef,
  ticketById,
  ticketByNumber,
  ticketsForMessageIds,
} from "./queries";

/**
 * Reply by email. Every inbound message — from the SMTP listener or the HTTP endpoint — comes
 * here once (idempotent by Message-ID), its raw bytes are kept, and it is either posted into
 * its ticket as a public reply or quarantined with a reason an admin can read.
 */
export interface InboundResult {
  id: string;
  status: "attached" | "quarantined" | "duplicate";
  reason: string | null;
  ticketId: string | null;
}

const THREAD_ID = /^<ticket-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[.@]/i;

/**
 * The ticket a reply belongs to: the signed reply address, else the thread headers (our
 * `<ticket-<id>…@…>` ids, or the Message-ID of an earlier emailed reply).
 */
async function matchTicket(ctx: AppContext, email: InboundEmail): Promise<TicketRef | undefined> {
  for (const address of email.recipients) {
    const parsed = parseReplyAddress(ctx.config, address);
    if (parsed?.objectType === "ticket") {
      const ticket = await ticketById(ctx.db, parsed.objectId);
      if (ticket) return ticket;
    }
  }
  const known = await ticketsForMessageIds(
    ctx.db,
    email.threadIds.filter((id) => !THREAD_ID.test(id)),
  );
  for (const id of email.threadIds) {
    const ticketId = id.match(THREAD_ID)?.[1]?.toLowerCase() ?? known.get(id);
    const ticket = ticketId ? await ticketById(ctx.db, ticketId) : undefined;
    if (ticket) return ticket;
  }
  return undefined;
}

/**
 * `[#1042]` in the subject alone is not trusted: ticket numbers are guessable and a From address
 * is easy to forge, so it only tells the admin which ticket the quarantined message is about.
 */
async function subjectTicket(ctx: AppContext, email: InboundEmail): Promise<TicketRef | undefined> {
  const reference = email.subject.match(/\[#(\d{1,9})\]/)?.[1];
  return reference ? ticketByNumber(ctx.db, Number(reference)) : undefined;
}

/** The sender must be an active contact of the ticket's account, or staff who can see it. */
async function matchAuthor(ctx: AppContext, email: InboundEmail, ticket: TicketRef): Promise<{ id: string } | string> {
  const user = await activeUserByEmail(ctx.db, email.from);
  if (!user) return `Unknown sender: no active portal user has the address ${email.from}.`;
  const actor: Actor = { ...user, accountId: user.account_id, sessionId: "email" };
  const participant =
    user.role === "client" ? user.account_id === ticket.account_id : await canSeeAccount(ctx.db, actor, ticket.account_id);
  return participant ? { id: user.id } : `Unknown sender: ${email.from} is not a participant of ticket #${ticket.number}.`;
}

type Decision = { reason: string; ticket?: TicketRef } | { ticket: TicketRef; author: { id: string } };

async function decide(ctx: AppContext, email: InboundEmail): Promise<Decision> {
  if (email.malformed) return { reason: email.malformed };
  if (email.automatic) return { reason: `Automatic reply (${email.automatic}): not posted, so auto-responders cannot loop.` };
  const ticket = await matchTicket(ctx, email);
  if (!ticket) {
    const named = await subjectTicket(ctx, email);
    return named
      ? {
          reason: `No match: only the subject names ticket #${named.number}; no signed reply address or thread header does.`,
          ticket: named,
        }
      : { reason: "No match: no signed reply address or thread header names a ticket." };
  }
  const author = await matchAuthor(ctx, email, ticket);
  if (typeof author === "string") return { reason: author, ticket };
  if (email.body === "" && email.attachments.length === 0)
    return { reason: "Empty reply: nothing was left after removing the quoted text.", ticket };
  return { ticket, author };
}

export async function receiveEmail(ctx: AppContext, raw: Buffer, options: { envelopeTo?: string[] } = {}): Promise<InboundResult> {
  const email = await parseEmail(
    raw,
    options.envelopeTo?.map((a) => a.toLowerCase()),
  );
  // The raw message is kept first, so a claimed message always has it (admins download it).
  const storageKey = newStorageKey();
  await ctx.storage.put(storageKey, raw);
  const id = newId();
  const claimed = await claimMessage(ctx.db, {
    id,
    message_id: email.messageId,
    status: "quarantined",
    reason: "Processing did not finish.",
    from_address: email.from.slice(0, 320),
    subject: email.subject,
    ticket_id: null,
    task_id: null,
    storage_key: storageKey,
    created_at: nowIso(),
  }).catch(async (error) => {
    await ctx.storage.delete(storageKey);
    throw error;
  });
  if (!claimed) {
    await ctx.storage.delete(storageKey);
    const seen = await findByMessageId(ctx.db, email.messageId);
    return { id: seen?.id ?? id, status: "duplicate", reason: seen?.reason ?? null, ticketId: seen?.ticket_id ?? null };
  }

  const quarantine = async (reason: string, ticketId: string | null): Promise<InboundResult> => {
    await settleInbound(ctx.db, id, { status: "quarantined", reason, ticket_id: ticketId });
    ctx.log.warn({ inboundId: id, from: email.from, reason }, "inbound email quarantined");
    return { id, status: "quarantined", reason, ticketId };
  };
  // An outage (database, disk) before the reply is posted: forget the claim so the sender's retry is processed.
  const release = async (error: unknown): Promise<never> => {
    await releaseInbound(ctx.db, id).catch(() => {});
    await ctx.storage.delete(storageKey).catch(() => {});
    throw error;
  };
  const decision = await decide(ctx, email).catch(release);
  if ("reason" in decision) return quarantine(decision.reason, decision.ticket?.id ?? null).catch(release);
  const { ticket, author } = decision;
  const body = email.body || `Attached by email: ${email.attachments.map((a) => a.name).join(", ")}`;
  try {
    await replyFromEmail(ctx, {
      ticketId: ticket.id,
      authorId: author.id,
      body,
      emailMessageId: email.messageId,
      attachments: email.attachments,
    });
  } catch (error) {
    // The tickets service refused (a rule, not an outage): keep the message for an admin.
    if (error instanceof AppError) return quarantine(`Refused by the ticket: ${error.message}`, ticket.id).catch(release);
    return release(error);
  }
  // Posted: from here on the claim must stay, or a retry would post the reply twice.
  const ticketId = ticket.id;
  await settleInbound(ctx.db, id, { status: "attached", reason: null, ticket_id: ticketId }).catch((error) =>
    ctx.log.error({ err: error, inboundId: id }, "inbound email posted but its log row could not be updated"),
  );
  ctx.jobs.nudge(); // the notification emails it queued go out now, not at the next poll
  ctx.log.info({ inboundId: id, ticketId }, "inbound email attached");
  return { id, status: "attached", reason: null, ticketId };
}
