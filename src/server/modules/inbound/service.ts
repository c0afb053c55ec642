import { numberOfReference, referenceOf } from "../../../common/references";
import type { TSettings } from "../../../common/schemas";
import { type Actor, actorFromUser } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError } from "../../platform/errors";
import { newId, nowIso } from "../../platform/ids";
import { parseMailFrom } from "../../platform/mail";
import { canSeeAccount } from "../../platform/policy";
import { parseReplyAddress } from "../../platform/reply-address";
import { getSettings } from "../../platform/settings";
import { newStorageKey } from "../../platform/storage";
import { findActiveUserByEmail } from "../accounts/queries";
import { objectsForMessageIds } from "../conversations/queries";
import { threadObjectOf } from "../notifications/messages";
import { ticketFromEmail } from "../tickets/service";
import { type InboundEmail, parseEmail } from "./parse";
import { claimMessage, findByMessageId, releaseInbound, settleInbound } from "./queries";
import { postable } from "./upload-limits";

/**
 * Reply by email. Every inbound message — from the SMTP listener or the HTTP endpoint — comes
 * here once (idempotent by Message-ID), its raw bytes are kept, and it is either posted into
 * the ticket or task it answers (a reply, a comment) or quarantined with a reason an admin can read.
 */
export interface InboundResult {
  id: string;
  status: "attached" | "quarantined" | "duplicate";
  reason: string | null;
  objectType: string | null;
  objectId: string | null;
  ticketId: string | null;
  taskId: string | null;
}

/** What matching and authorising a reply by email need of the object it names. */
export interface ReplyRef {
  id: string;
  number: number;
  account_id: string;
}

/** What the person sent, ready to post. */
export interface EmailReply {
  body: string;
  emailMessageId: string;
  attachments: InboundEmail["attachments"];
}

/**
 * A kind of object whose emails can be answered by email. Matching, authorising, quarantining
 * and the inbound log are the same for every kind; only these lookups and the posting differ.
 */
export interface ReplyTarget {
  /** The object type our thread ids and signed reply addresses name (`ticket`, `task`). */
  type: string;
  /**
   * How our email subjects name one, shown to the admin and never trusted: the reference with the
   * admin's prefix (`prefix(settings)`: "SUP" for "SUP-1042", any case, with or without brackets),
   * and `subjectTag`, the older form whose group 1 is the number (`[#1042]`, `[Task #1042]`).
   */
  prefix?: (settings: TSettings) => string;
  subjectTag: RegExp;
  byId(db: Executor, id: string): Promise<ReplyRef | undefined>;
  byNumber(db: Executor, number: number): Promise<ReplyRef | undefined>;
  /**
   * Posts the reply as `author` in the caller's transaction (so an admin's action from the
   * quarantine commits whole); an AppError is the object's own rules refusing it (quarantined, not retried).
   */
  post(tx: Executor, ref: ReplyRef, author: Actor, reply: EmailReply): Promise<void>;
}

/** The modules' reply targets (ModuleDescriptor.replyTargets), set once by buildApp. */
let TARGETS = new Map<string, ReplyTarget>();
let ALL_TARGETS: ReplyTarget[] = [];

export function configureInbound(targets: ReplyTarget[]): void {
  TARGETS = new Map(targets.map((target) => [target.type, target]));
  ALL_TARGETS = targets;
}

const targetOf = (type: string): ReplyTarget | undefined => TARGETS.get(type);

/** The ticket or task a message is about, with the target that knows how to post into it. */
interface Thread {
  target: ReplyTarget;
  ref: ReplyRef;
}

/** "SUP-1042", "WEB-318" (a kind without a prefix: "memo #3"): how reasons name the object to the admin. */
function labelOf({ target, ref }: Thread, settings: TSettings): string {
  return target.prefix ? referenceOf(target.prefix(settings), ref.number) : `${target.type} #${ref.number}`;
}

/** The number a subject names for this kind of object: "SUP-1042" (today's prefix), else the older tag ("[#1042]"). */
function numberInSubject(target: ReplyTarget, settings: TSettings, subject: string): number | undefined {
  const current = target.prefix ? numberOfReference(target.prefix(settings), subject) : null;
  const legacy = subject.match(target.subjectTag)?.[1];
  return current ?? (legacy ? Number(legacy) : undefined);
}

/**
 * The object a reply belongs to: the signed reply address (its signature covers the object's
 * type, so a ticket's address can never name a task), else the thread headers in order — our
 * `<ticket-…>`/`<task-…>` ids, or the Message-ID of an earlier reply that came by email.
 */
async function matchThread(ctx: AppContext, email: InboundEmail): Promise<Thread | undefined> {
  for (const address of email.recipients) {
    const parsed = parseReplyAddress(ctx.config, address);
    const target = parsed ? targetOf(parsed.objectType) : undefined;
    const ref = parsed && target ? await target.byId(ctx.db, parsed.objectId) : undefined;
    if (target && ref) return { target, ref };
  }
  // Ours: a thread id naming a kind of object some module answers (anything else is another mail system's id).
  const ours = email.threadIds.map((id) => {
    const named = threadObjectOf(id);
    const target = named ? targetOf(named.type) : undefined;
    return named && target ? { target, objectId: named.id } : undefined;
  });
  const others = email.threadIds.filter((_, i) => !ours[i]);
  // Why: every comment that came by email is in one table, so one lookup covers every module's objects.
  const known = await objectsForMessageIds(ctx.db, others);
  for (const [i, messageId] of email.threadIds.entries()) {
    const earlier = known.get(messageId);
    const target = earlier ? targetOf(earlier.objectType) : undefined;
    const candidate = ours[i] ?? (earlier && target ? { target, objectId: earlier.objectId } : undefined);
    const ref = candidate ? await candidate.target.byId(ctx.db, candidate.objectId) : undefined;
    if (candidate && ref) return { target: candidate.target, ref };
  }
  return undefined;
}

/**
 * "SUP-1042", `[#1042]` or `[Task #1042]` in the subject alone is not trusted: numbers are guessable and a
 * From address is easy to forge, so it only tells the admin which object the quarantined message is about.
 */
async function namedBySubject(ctx: AppContext, email: InboundEmail, settings: TSettings): Promise<Thread | undefined> {
  for (const target of ALL_TARGETS) {
    const reference = numberInSubject(target, settings, email.subject);
    const ref = reference ? await target.byNumber(ctx.db, reference) : undefined;
    if (ref) return { target, ref };
  }
  return undefined;
}

/** The sender must be an active contact of the object's account, or staff who can see that account. */
async function matchAuthor(ctx: AppContext, email: InboundEmail, thread: Thread): Promise<Actor | string> {
  const user = await findActiveUserByEmail(ctx.db, email.from);
  if (!user) return `Unknown sender: no active portal user has the address ${email.from}.`;
  const actor = actorFromUser(user, "email");
  const accountId = thread.ref.account_id;
  const participant = user.role === "client" ? user.account_id === accountId : await canSeeAccount(ctx.db, actor, accountId);
  return participant ? actor : `Unknown sender: ${email.from} is not a participant of ${labelOf(thread, await getSettings(ctx.db))}.`;
}

/**
 * Mail to the support address: the admin's `supportAddress`, else MAIL_FROM's address. Compared
 * whole and case-insensitively, so a signed `reply+…@` address (a reply) is never it.
 */
export function supportAddressOf(ctx: AppContext, settings: Pick<TSettings, "supportAddress">): string {
  const configured = settings.supportAddress.trim();
  return (configured || parseMailFrom(ctx.config.mailFrom).address).toLowerCase();
}

/** The subject carries one of our references ("SUP-1042", "[Task #7]"): an answer to one of our emails, not a new request. */
const subjectNamesAnObject = (email: InboundEmail, settings: TSettings): boolean =>
  ALL_TARGETS.some((target) => numberInSubject(target, settings, email.subject) !== undefined);

/**
 * Who a new ticket from the support address is raised by: an active client contact with an
 * account. From is easy to forge, so a stranger's mail never opens anything (an admin decides),
 * and the ticket can only ever land in the sender's own account.
 */
async function supportSender(ctx: AppContext, email: InboundEmail): Promise<Actor | string> {
  const user = await findActiveUserByEmail(ctx.db, email.from);
  if (!user || (user.role === "client" && !user.account_id)) {
    return `Unknown sender: ${email.from} is not a contact of any client account, so no ticket was opened.`;
  }
  if (user.role !== "client") {
    return `Staff email to the support address: ${email.from} works for the agency; raise a ticket for a client in the portal.`;
  }
  return actorFromUser(user, "email");
}

/** A new ticket's subject from the email's; an empty one gets a plain default. */
export const ticketSubjectOf = (subject: string, senderName: string) => (subject.trim() || `Email from ${senderName}`).slice(0, 200);

/** A new ticket's description: the text the sender wrote above any quoted history; never empty. */
export const ticketBodyOf = (email: Pick<InboundEmail, "body" | "attachments">) =>
  email.body ||
  (email.attachments.length > 0
    ? `Sent by email with ${email.attachments.map((a) => a.name).join(", ")} and no message text.`
    : "The email had no message text.");

type Decision = { reason: string; thread?: Thread } | { thread: Thread; author: Actor } | { newTicketBy: Actor };

async function decide(ctx: AppContext, email: InboundEmail): Promise<Decision> {
  // Still matched, so the admin sees which ticket or task a forged or broken message was aimed at.
  if (email.malformed) return { reason: email.malformed, thread: await matchThread(ctx, email) };
  if (email.automatic) return { reason: `Automatic reply (${email.automatic}): not posted, so auto-responders cannot loop.` };
  const thread = await matchThread(ctx, email);
  if (!thread) {
    // Read once for everything an unmatched message is checked against: the prefixes and the support address.
    const settings = await getSettings(ctx.db);
    const named = await namedBySubject(ctx, email, settings);
    return named
      ? {
          reason: `No match: only the subject names ${labelOf(named, settings)}; no signed reply address or thread header does.`,
          thread: named,
        }
      : await newRequest(ctx, email, settings);
  }
  const author = await matchAuthor(ctx, email, thread);
  if (typeof author === "string") return { reason: author, thread };
  if (email.body === "" && email.attachments.length === 0)
    return { reason: "Empty reply: nothing was left after removing the quoted text.", thread };
  return { thread, author };
}

/** Nothing matched: a new request when it was written to the support address (and is no answer to one of ours). */
async function newRequest(ctx: AppContext, email: InboundEmail, settings: TSettings): Promise<Decision> {
  const noMatch = { reason: "No match: no signed reply address or thread header names a ticket or task." };
  if (!email.recipients.includes(supportAddressOf(ctx, settings)) || subjectNamesAnObject(email, settings)) return noMatch;
  const author = await supportSender(ctx, email);
  return typeof author === "string" ? { reason: author } : { newTicketBy: author };
}

/** The inbound_messages columns naming the object. */
const recordedOn = (thread: Thread | undefined) => ({ object_type: thread?.target.type ?? null, object_id: thread?.ref.id ?? null });

/** The ticket or task a log row names (posted into, or named by a quarantined message), if it still exists. */
export async function threadOfRow(db: Executor, row: { object_type: string | null; object_id: string | null }) {
  const target = row.object_type ? targetOf(row.object_type) : undefined;
  const ref = target && row.object_id ? await target.byId(db, row.object_id) : undefined;
  return target && ref ? { target, ref } : undefined;
}

/** The answer names the object by type and id, and (for the API's older readers) as ticketId / taskId. */
export const inboundObject = (row: { object_type: string | null; object_id: string | null }) => ({
  objectType: row.object_type,
  objectId: row.object_id,
  ticketId: row.object_type === "ticket" ? row.object_id : null,
  taskId: row.object_type === "task" ? row.object_id : null,
});

/**
 * Posts what `decide` allowed: the reply into its ticket or task, or a new ticket in the sender's
 * own account from mail to the support address (its files become the ticket's). Returns the
 * inbound_messages columns naming what it was posted to.
 */
async function postDecided(
  ctx: AppContext,
  email: InboundEmail,
  decision: Exclude<Decision, { reason: string }>,
): Promise<ReturnType<typeof recordedOn>> {
  // The upload form's limits hold for email too: the files that fit, and a note on the rest.
  if ("newTicketBy" in decision) {
    const author = decision.newTicketBy;
    const { attachments, body } = postable(ctx.config, email.attachments, (files) =>
      ticketBodyOf({ body: email.body, attachments: files }),
    );
    const ticket = await ticketFromEmail(ctx, {
      author,
      subject: ticketSubjectOf(email.subject, author.name),
      body,
      emailMessageId: email.messageId,
      attachments,
    });
    return { object_type: "ticket", object_id: ticket.id };
  }
  const { thread, author } = decision;
  const { attachments, body } = postable(
    ctx.config,
    email.attachments,
    (files) => email.body || (files.length > 0 ? `Attached by email: ${files.map((a) => a.name).join(", ")}` : ""),
  );
  const reply = { body, emailMessageId: email.messageId, attachments };
  await ctx.db.transaction().execute((tx) => thread.target.post(tx, thread.ref, author, reply));
  return recordedOn(thread);
}

/**
 * Takes one raw email: posts it into its ticket or task, opens a new ticket when it was written
 * to the support address by a client contact, or quarantines it; a duplicate Message-ID posts nothing.
 */
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
    object_type: null,
    object_id: null,
    storage_key: storageKey,
    created_at: nowIso(),
  }).catch(async (error) => {
    await ctx.storage.delete(storageKey);
    throw error;
  });
  if (!claimed) {
    await ctx.storage.delete(storageKey);
    const seen = await findByMessageId(ctx.db, email.messageId);
    return {
      id: seen?.id ?? id,
      status: "duplicate",
      reason: seen?.reason ?? null,
      ...inboundObject(seen ?? { object_type: null, object_id: null }),
    };
  }

  const quarantine = async (reason: string, thread: Thread | undefined): Promise<InboundResult> => {
    const on = recordedOn(thread);
    await settleInbound(ctx.db, id, { status: "quarantined", reason, ...on });
    ctx.log.warn({ inboundId: id, from: email.from, reason }, "inbound email quarantined");
    return { id, status: "quarantined", reason, ...inboundObject(on) };
  };
  // An outage (database, disk) before the reply is posted: forget the claim so the sender's retry is processed.
  const release = async (error: unknown): Promise<never> => {
    await releaseInbound(ctx.db, id).catch(() => {});
    await ctx.storage.delete(storageKey).catch(() => {});
    throw error;
  };
  const decision = await decide(ctx, email).catch(release);
  if ("reason" in decision) return quarantine(decision.reason, decision.thread).catch(release);
  let on: ReturnType<typeof recordedOn>;
  try {
    on = await postDecided(ctx, email, decision);
  } catch (error) {
    // The ticket or task refused (a rule, e.g. an archived task; not an outage): keep the message for an admin.
    const thread = "thread" in decision ? decision.thread : undefined;
    if (error instanceof AppError)
      return quarantine(`Refused by the ${thread?.target.type ?? "ticket"}: ${error.message}`, thread).catch(release);
    return release(error);
  }
  // Posted: from here on the claim must stay, or a retry would post the reply twice.
  await settleInbound(ctx.db, id, { status: "attached", reason: null, ...on }).catch((error) =>
    ctx.log.error({ err: error, inboundId: id }, "inbound email posted but its log row could not be updated"),
  );
  ctx.jobs.nudge(); // the notification emails it queued go out now, not at the next poll
  ctx.log.info({ inboundId: id, objectType: on.object_type, objectId: on.object_id }, "inbound email attached");
  return { id, status: "attached", reason: null, ...inboundObject(on) };
}
